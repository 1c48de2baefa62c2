import type { JSONWebKeySet } from 'jose';
import type { Queryable } from '../infra/db-types.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

export interface AgentRow {
  id: string;
  tenant_id: string;
  name: string;
  owner_user_id: string | null;
  auth_method: ClientAuthMethod;
  secret_hash: string | null;
  secret_hint: string | null;
  jwks: JSONWebKeySet | null;
  jwks_uri: string | null;
  allowed_scopes: string[];
  allowed_audiences: string[];
  grant_types: string[];
  max_token_ttl: number;
  /** The agent's tenant's `max_token_ttl` (read with the agent, so the hot path needs no extra query). */
  tenant_max_token_ttl: number | null;
  status: 'active' | 'suspended';
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, tenant_id, name, owner_user_id, auth_method, secret_hash, secret_hint, jwks, jwks_uri,
  allowed_scopes, allowed_audiences, grant_types, max_token_ttl, status, created_at, updated_at,
  (SELECT t.max_token_ttl FROM tenants t WHERE t.id = agents.tenant_id) AS tenant_max_token_ttl`;

export async function findAgent(db: Queryable, id: string): Promise<AgentRow | undefined> {
  const { rows } = await db.query<AgentRow>(`SELECT ${COLUMNS} FROM agents WHERE id = $1`, [id]);
  return rows[0];
}

export async function findTenantAgent(
  db: Queryable,
  tenantId: string,
  id: string,
): Promise<AgentRow | undefined> {
  const { rows } = await db.query<AgentRow>(
    `SELECT ${COLUMNS} FROM agents WHERE id = $1 AND tenant_id = $2`,
    [id, tenantId],
  );
  return rows[0];
}

export async function listAgents(db: Queryable, tenantId: string, after: string | null, limit: number) {
  const { rows } = await db.query<AgentRow>(
    `SELECT ${COLUMNS} FROM agents WHERE tenant_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [tenantId, after, limit],
  );
  return rows;
}

export type NewAgent = Omit<AgentRow, 'created_at' | 'updated_at' | 'status' | 'tenant_max_token_ttl'>;

export async function insertAgent(db: Queryable, a: NewAgent): Promise<AgentRow> {
  const { rows } = await db.query<AgentRow>(
    `INSERT INTO agents (id, tenant_id, name, owner_user_id, auth_method, secret_hash, secret_hint, jwks, jwks_uri,
       allowed_scopes, allowed_audiences, grant_types, max_token_ttl)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING ${COLUMNS}`,
    [
      a.id,
      a.tenant_id,
      a.name,
      a.owner_user_id,
      a.auth_method,
      a.secret_hash,
      a.secret_hint,
      a.jwks === null ? null : JSON.stringify(a.jwks),
      a.jwks_uri,
      a.allowed_scopes,
      a.allowed_audiences,
      a.grant_types,
      a.max_token_ttl,
    ],
  );
  return rows[0] as AgentRow;
}

export interface AgentPatch {
  name?: string | undefined;
  allowed_scopes?: string[] | undefined;
  allowed_audiences?: string[] | undefined;
  grant_types?: string[] | undefined;
  max_token_ttl?: number | undefined;
  status?: 'active' | 'suspended' | undefined;
  secret_hash?: string | undefined;
  secret_hint?: string | undefined;
}

export async function updateAgent(db: Queryable, tenantId: string, id: string, patch: AgentPatch) {
  const { rows } = await db.query<AgentRow>(
    `UPDATE agents SET
       name = COALESCE($3, name),
       allowed_scopes = COALESCE($4, allowed_scopes),
       allowed_audiences = COALESCE($5, allowed_audiences),
       grant_types = COALESCE($6, grant_types),
       max_token_ttl = COALESCE($7, max_token_ttl),
       status = COALESCE($8, status),
       secret_hash = COALESCE($9, secret_hash),
       secret_hint = COALESCE($10, secret_hint),
       updated_at = now()
     WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [
      tenantId,
      id,
      patch.name ?? null,
      patch.allowed_scopes ?? null,
      patch.allowed_audiences ?? null,
      patch.grant_types ?? null,
      patch.max_token_ttl ?? null,
      patch.status ?? null,
      patch.secret_hash ?? null,
      patch.secret_hint ?? null,
    ],
  );
  return rows[0];
}

export async function deleteAgent(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const result = await db.query('DELETE FROM agents WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return (result.rowCount ?? 0) > 0;
}
