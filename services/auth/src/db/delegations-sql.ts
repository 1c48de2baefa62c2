import type { Queryable } from '../infra/db-types.js';

export interface DelegationRow {
  id: string;
  tenant_id: string;
  user_id: string;
  agent_id: string;
  scopes: string[];
  audiences: string[];
  expires_at: Date;
  created_at: Date;
  last_issued_at: Date;
  revoked_at: Date | null;
}

const COLUMNS =
  'id, tenant_id, user_id, agent_id, scopes, audiences, expires_at, created_at, last_issued_at, revoked_at';

/**
 * Records that `agent` acts for `user`: one live row per pair, widened (scope union, latest
 * expiry) by each new grant, so the admin view answers "who can act for this user, how, until when".
 */
export async function upsertDelegation(
  db: Queryable,
  d: {
    id: string;
    tenant_id: string;
    user_id: string;
    agent_id: string;
    scopes: string[];
    audiences: string[];
    expires_at: Date;
  },
): Promise<DelegationRow> {
  const { rows } = await db.query<DelegationRow>(
    `INSERT INTO delegations (id, tenant_id, user_id, agent_id, scopes, audiences, expires_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7)
     ON CONFLICT (tenant_id, user_id, agent_id) WHERE revoked_at IS NULL DO UPDATE SET
       scopes = ARRAY(SELECT DISTINCT unnest(delegations.scopes || EXCLUDED.scopes) ORDER BY 1),
       audiences = ARRAY(SELECT DISTINCT unnest(delegations.audiences || EXCLUDED.audiences) ORDER BY 1),
       expires_at = GREATEST(delegations.expires_at, EXCLUDED.expires_at),
       last_issued_at = now()
     RETURNING ${COLUMNS}`,
    [d.id, d.tenant_id, d.user_id, d.agent_id, d.scopes, d.audiences, d.expires_at],
  );
  return rows[0] as DelegationRow;
}

export async function recordDelegationToken(
  db: Queryable,
  jti: string,
  delegationId: string,
  expiresAt: Date,
) {
  await db.query('INSERT INTO delegation_tokens (jti, delegation_id, expires_at) VALUES ($1,$2,$3)', [
    jti,
    delegationId,
    expiresAt,
  ]);
}

export async function findDelegation(
  db: Queryable,
  tenantId: string,
  id: string,
): Promise<DelegationRow | undefined> {
  const { rows } = await db.query<DelegationRow>(
    `SELECT ${COLUMNS} FROM delegations WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id],
  );
  return rows[0];
}

export async function listDelegations(
  db: Queryable,
  filter: {
    tenantId: string;
    userId?: string | undefined;
    agentId?: string | undefined;
    after: string | null;
    limit: number;
  },
): Promise<DelegationRow[]> {
  const { rows } = await db.query<DelegationRow>(
    `SELECT ${COLUMNS} FROM delegations
     WHERE tenant_id = $1 AND revoked_at IS NULL AND expires_at > now()
       AND ($2::text IS NULL OR user_id = $2) AND ($3::text IS NULL OR agent_id = $3)
       AND ($4::text IS NULL OR id > $4)
     ORDER BY id LIMIT $5`,
    [filter.tenantId, filter.userId ?? null, filter.agentId ?? null, filter.after, filter.limit],
  );
  return rows;
}

/** Revokes the delegation and returns the live access tokens minted under it (to revoke by jti). */
export async function revokeDelegation(
  db: Queryable,
  tenantId: string,
  id: string,
): Promise<{ delegation: DelegationRow; tokens: { jti: string; expires_at: Date }[] } | undefined> {
  const { rows } = await db.query<DelegationRow>(
    `UPDATE delegations SET revoked_at = COALESCE(revoked_at, now()) WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [tenantId, id],
  );
  const delegation = rows[0];
  if (!delegation) return undefined;
  await db.query(
    'UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE delegation_id = $1',
    [id],
  );
  const tokens = await db.query<{ jti: string; expires_at: Date }>(
    'SELECT jti, expires_at FROM delegation_tokens WHERE delegation_id = $1 AND expires_at > now()',
    [id],
  );
  return { delegation, tokens: tokens.rows };
}
