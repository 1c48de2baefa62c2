import { canonicalJson } from '../chain/canonical-json.js';

export interface CheckpointClaim {
  tenant_id: string;
  seq: number;
  hash: string;
  kind: 'periodic' | 'retention';
  created_at: string;
}

/** The exact bytes a checkpoint signature covers. */
export function checkpointStatement(claim: CheckpointClaim): Buffer {
  return Buffer.from(canonicalJson({ v: 1, ...claim }), 'utf8');
}
