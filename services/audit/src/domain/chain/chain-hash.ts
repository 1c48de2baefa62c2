import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** prev_hash of a tenant's first event: 32 zero bytes, hex. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * hash = hex(SHA-256(utf8(canonical JSON(event)) ‖ raw 32 bytes of prev_hash)). The worker's
 * `audit_append_batch` (migration 0005) computes the same bytes in SQL; verify recomputes here.
 */
export function chainHash(event: unknown, prevHash: string): string {
  return createHash('sha256')
    .update(canonicalJson(event), 'utf8')
    .update(Buffer.from(prevHash, 'hex'))
    .digest('hex');
}
