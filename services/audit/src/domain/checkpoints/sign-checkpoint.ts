import { sign } from 'node:crypto';
import type { ClientBase } from 'pg';
import { type CheckpointClaim, checkpointStatement } from './checkpoint-statement.js';
import type { CheckpointSigner } from './signing-key.js';

/** Signs one claim and stores it, on the caller's client (and transaction). */
export async function insertSignedCheckpoint(
  client: ClientBase,
  signer: CheckpointSigner,
  claim: CheckpointClaim,
) {
  const signature = sign(null, checkpointStatement(claim), signer.privateKey).toString('base64url');
  await client.query(
    `INSERT INTO checkpoints (tenant_id, seq, hash, kind, signature, kid, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [claim.tenant_id, claim.seq, claim.hash, claim.kind, signature, signer.kid, claim.created_at],
  );
}
