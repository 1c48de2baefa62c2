import { generateSecret, secretHint } from '@bulwark/core';
import type { Kek } from '../checkpoints/kek.js';

/**
 * Sink signing secrets must be recoverable (we sign with them), so they are sealed under the KEK,
 * not hashed. The AAD names the sink, so one sink's ciphertext cannot be moved onto another sink.
 */
const purpose = (sinkId: string) => `bulwark-audit-sink-secret:${sinkId}`;

export function newSinkSecret(): { secret: string; hint: string } {
  const secret = generateSecret('whsec');
  return { secret, hint: secretHint(secret) };
}

export function sealSinkSecret(kek: Kek, sinkId: string, secret: string): string {
  return kek.encrypt(Buffer.from(secret, 'utf8'), purpose(sinkId));
}

export function openSinkSecret(kek: Kek, sinkId: string, sealed: string): string {
  return kek.decrypt(sealed, purpose(sinkId)).toString('utf8');
}
