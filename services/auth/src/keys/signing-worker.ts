/**
 * Worker-thread entry of the token signer (`signing-thread.ts`): holds the private keys it was sent
 * (KeyObjects cross threads by structured clone; they never leave the process) until told to forget
 * them, and answers each batch of signing inputs with one message of base64url signatures, in order.
 */
import type { KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { SigningAlg } from '../db/signing-keys-sql.js';
import { jwsSignature } from './jws-signature.js';
import { SEPARATOR, type SignerReply, type SignerRequest } from './signing-protocol.js';

const port = parentPort;
if (!port) throw new Error('signing-worker.ts runs as a worker thread (see signing-thread.ts).');
const keys = new Map<string, { alg: SigningAlg; key: KeyObject }>();

port.on('message', (message: SignerRequest) => {
  if (message.type === 'key') {
    keys.set(message.kid, { alg: message.alg, key: message.key });
    return;
  }
  if (message.type === 'forget') {
    keys.delete(message.kid);
    return;
  }
  if (message.type === 'held') {
    port.postMessage({ type: 'held', kids: [...keys.keys()] } satisfies SignerReply);
    return;
  }
  if (message.type === 'stall') {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, message.ms);
    return;
  }
  const key = keys.get(message.kid);
  const inputs = message.inputs.split(SEPARATOR);
  const signatures = inputs.map((input): string | { error: string } => {
    if (!key) return { error: `signing key ${message.kid} was never sent to the signing thread` };
    try {
      return jwsSignature(key.alg, key.key, Buffer.from(input)).toString('base64url');
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  const allSigned = signatures.every((signature) => typeof signature === 'string');
  port.postMessage({
    type: 'signed',
    batch: message.batch,
    signatures: allSigned ? signatures.join(SEPARATOR) : signatures,
  } satisfies SignerReply);
});
port.postMessage({ type: 'ready' } satisfies SignerReply);
