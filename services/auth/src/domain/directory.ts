import {
  ConflictError,
  generateSecret,
  hashSecret,
  isSubsetOf,
  missingScopes,
  NotFoundError,
  publicId,
  secretHint,
  ValidationError,
} from '@bulwark/core';
import { hasPgErrorCode, PG_ERROR, withTransaction } from '@bulwark/db';
import { type ApiKeyRow, insertApiKey, revokeApiKey } from '../db/api-keys-sql.js';
import { findTenant, insertTenant, type TenantRow, updateTenant } from '../db/tenants-sql.js';
import {
  deleteTrustedIssuer,
  insertTrustedIssuer,
  type TrustedIssuerRow,
} from '../db/trusted-issuers-sql.js';
import { deleteUser, insertUser, updateUser, type UserRow } from '../db/users-sql.js';
import { audit } from '../infra/audit.js';
import { auditBase, requireScope, type VerbCtx } from './verb-ctx.js';

/** Tenants, users, API keys, scopes and trusted issuers: small verbs, each audited in its transaction. */

/**
 * A tenant's `max_token_ttl` caps every token issued in it; null removes the cap. Above the system
 * maximum it could never bite, so it is refused rather than silently ineffective.
 */
function validateTenantTtl(ctx: VerbCtx, ttl: number | null | undefined): void {
  if (ttl === undefined || ttl === null) return;
  if (!Number.isInteger(ttl) || ttl < 30 || ttl > ctx.config.maxTokenTtl) {
    throw new ValidationError('Invalid tenant max_token_ttl.', [
      {
        field: '/body/max_token_ttl',
        message: `must be an integer from 30 to the system maximum ${ctx.config.maxTokenTtl} (AUTH_MAX_TOKEN_TTL) seconds, or null for no tenant cap`,
      },
    ]);
  }
}

export async function createTenant(
  ctx: VerbCtx,
  rootTenantId: string | undefined,
  input: { name: string; max_token_ttl?: number | null | undefined },
): Promise<TenantRow> {
  requireScope(ctx, 'tenants:admin');
  if (ctx.actor.tenantId !== rootTenantId) throw new NotFoundError('Tenant');
  validateTenantTtl(ctx, input.max_token_ttl);
  return withTransaction(ctx.pool, async (tx) => {
    const tenant = await insertTenant(tx, {
      id: publicId('tenant', ctx.clock.nowMs()),
      name: input.name,
      is_root: false,
      max_token_ttl: input.max_token_ttl ?? null,
    });
    if (!tenant) throw new ConflictError('Tenant exists.');
    await audit(tx, {
      ...auditBase(ctx),
      action: 'auth.tenant.create',
      tenantId: tenant.id,
      target: { type: 'tenant', id: tenant.id },
      changes: { before: null, after: tenant },
      metadata: { lifetime_cap_seconds: { before: null, after: tenant.max_token_ttl } },
    });
    return tenant;
  });
}

export async function changeTenant(
  ctx: VerbCtx,
  id: string,
  patch: { name?: string; status?: 'active' | 'suspended'; max_token_ttl?: number | null },
) {
  requireScope(ctx, 'tenants:admin');
  validateTenantTtl(ctx, patch.max_token_ttl);
  const tenant = await withTransaction(ctx.pool, async (tx) => {
    const before = await findTenant(tx, id);
    const tenant = before ? await updateTenant(tx, id, patch) : undefined;
    if (!before || !tenant) throw new NotFoundError('Tenant', id);
    await audit(tx, {
      ...auditBase(ctx),
      action: 'auth.tenant.update',
      tenantId: id,
      target: { type: 'tenant', id },
      changes: { before, after: tenant },
      // `max_token_ttl` matches the audit redactor's secret-name pattern (`token`), so the cap is
      // also recorded under a name it keeps.
      metadata: { lifetime_cap_seconds: { before: before.max_token_ttl, after: tenant.max_token_ttl } },
    });
    return tenant;
  });
  // After commit: cached clients carry their tenant's max_token_ttl; every instance drops them.
  await ctx.state.publish([{ type: 'tenant', id }]);
  return tenant;
}

export async function createUser(
  ctx: VerbCtx,
  tenantId: string,
  input: { email: string; name?: string | undefined; external_id?: string | undefined },
): Promise<UserRow> {
  requireScope(ctx, 'auth:admin');
  try {
    return await withTransaction(ctx.pool, async (tx) => {
      const user = await insertUser(tx, {
        id: publicId('user', ctx.clock.nowMs()),
        tenant_id: tenantId,
        email: input.email,
        name: input.name ?? null,
        external_id: input.external_id ?? null,
      });
      await audit(tx, {
        ...auditBase(ctx),
        action: 'auth.user.create',
        tenantId,
        target: { type: 'user', id: user.id },
        changes: { before: null, after: user },
      });
      return user;
    });
  } catch (error) {
    if (hasPgErrorCode(error, PG_ERROR.uniqueViolation))
      throw new ConflictError('A user with this email or external_id exists.');
    throw error;
  }
}

export async function changeUser(
  ctx: VerbCtx,
  tenantId: string,
  id: string,
  patch: {
    email?: string | undefined;
    name?: string | undefined;
    status?: 'active' | 'disabled' | undefined;
  },
) {
  requireScope(ctx, 'auth:admin');
  return withTransaction(ctx.pool, async (tx) => {
    const user = await updateUser(tx, tenantId, id, patch);
    if (!user) throw new NotFoundError('User', id);
    await audit(tx, {
      ...auditBase(ctx),
      action: 'auth.user.update',
      tenantId,
      target: { type: 'user', id },
      changes: { before: null, after: patch },
    });
    return user;
  });
}

export async function removeUser(ctx: VerbCtx, tenantId: string, id: string): Promise<void> {
  requireScope(ctx, 'auth:admin');
  await withTransaction(ctx.pool, async (tx) => {
    if (!(await deleteUser(tx, tenantId, id))) throw new NotFoundError('User', id);
    await audit(tx, {
      ...auditBase(ctx),
      action: 'auth.user.delete',
      tenantId,
      target: { type: 'user', id },
    });
  });
}

/** A new API key, returned once; scopes are capped by the creator's own. */
export async function createApiKey(
  ctx: VerbCtx,
  tenantId: string,
  input: { name: string; scopes: string[]; expires_at?: string | undefined },
): Promise<{ row: ApiKeyRow; key: string }> {
  requireScope(ctx, 'auth:admin');
  if (!isSubsetOf(input.scopes, ctx.actor.scopes)) {
    throw new ValidationError('An API key cannot hold scopes its creator does not hold.', [
      {
        field: '/body/scopes',
        message: `not held: ${missingScopes(input.scopes, ctx.actor.scopes).join(' ')}`,
      },
    ]);
  }
  const key = generateSecret('bwk');
  return withTransaction(ctx.pool, async (tx) => {
    const row = await insertApiKey(tx, {
      id: publicId('apiKey', ctx.clock.nowMs()),
      tenant_id: tenantId,
      name: input.name,
      key_hash: hashSecret(key),
      key_hint: secretHint(key),
      scopes: input.scopes,
      expires_at: input.expires_at ? new Date(input.expires_at) : null,
    });
    if (!row) throw new ConflictError('Key collision; retry.');
    await audit(tx, {
      ...auditBase(ctx),
      action: 'auth.api_key.create',
      tenantId,
      target: { type: 'api_key', id: row.id },
      changes: { before: null, after: row },
    });
    return { row, key };
  });
}

export async function revokeKey(ctx: VerbCtx, tenantId: string, id: string): Promise<ApiKeyRow> {
  requireScope(ctx, 'auth:admin');
  const revoked = await withTransaction(ctx.pool, async (tx) => {
    const row = await revokeApiKey(tx, tenantId, id);
    if (!row) throw new NotFoundError('API key', id);
    await audit(tx, {
      ...auditBase(ctx),
      action: 'auth.api_key.revoke',
      tenantId,
      target: { type: 'api_key', id },
    });
    return row;
  });
  await ctx.state.publish([{ type: 'api_key', id }]);
  return revoked;
}

export interface ScopeRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  resource: string | null;
  created_at: Date;
}

export async function createScope(
  ctx: VerbCtx,
  tenantId: string,
  input: { name: string; description?: string | undefined; resource?: string | undefined },
) {
  requireScope(ctx, 'auth:admin');
  return withTransaction(ctx.pool, async (tx) => {
    const { rows } = await tx.query<ScopeRow>(
      `INSERT INTO scopes (id, tenant_id, name, description, resource) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id, tenant_id, name, description, resource, created_at`,
      [
        publicId('scope', ctx.clock.nowMs()),
        tenantId,
        input.name,
        input.description ?? '',
        input.resource ?? input.name.split(':')[0] ?? null,
      ],
    );
    const row = rows[0];
    if (!row) throw new ConflictError(`Scope ${input.name} exists.`);
    await audit(tx, {
      ...auditBase(ctx),
      action: 'auth.scope.create',
      tenantId,
      target: { type: 'scope', id: row.id },
      changes: { before: null, after: row },
    });
    return row;
  });
}

export async function removeScope(ctx: VerbCtx, tenantId: string, id: string): Promise<void> {
  requireScope(ctx, 'auth:admin');
  await withTransaction(ctx.pool, async (tx) => {
    const result = await tx.query('DELETE FROM scopes WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    if (result.rowCount === 0) throw new NotFoundError('Scope', id);
    await audit(tx, {
      ...auditBase(ctx),
      action: 'auth.scope.delete',
      tenantId,
      target: { type: 'scope', id },
    });
  });
}

export async function createTrustedIssuer(
  ctx: VerbCtx,
  tenantId: string,
  input: { issuer: string; jwks_uri: string; audience: string; subject_claim?: 'sub' | 'email' | undefined },
): Promise<TrustedIssuerRow> {
  requireScope(ctx, 'auth:admin');
  return withTransaction(ctx.pool, async (tx) => {
    const row = await insertTrustedIssuer(tx, {
      id: publicId('trustedIssuer', ctx.clock.nowMs()),
      tenant_id: tenantId,
      issuer: input.issuer,
      jwks_uri: input.jwks_uri,
      audience: input.audience,
      subject_claim: input.subject_claim ?? 'sub',
    });
    if (!row) throw new ConflictError('This issuer is already trusted.');
    await audit(tx, {
      ...auditBase(ctx),
      action: 'auth.trusted_issuer.create',
      tenantId,
      target: { type: 'trusted_issuer', id: row.id },
      changes: { before: null, after: row },
    });
    return row;
  });
}

export async function removeTrustedIssuer(ctx: VerbCtx, tenantId: string, id: string): Promise<void> {
  requireScope(ctx, 'auth:admin');
  await withTransaction(ctx.pool, async (tx) => {
    if (!(await deleteTrustedIssuer(tx, tenantId, id))) throw new NotFoundError('Trusted issuer', id);
    await audit(tx, {
      ...auditBase(ctx),
      action: 'auth.trusted_issuer.delete',
      tenantId,
      target: { type: 'trusted_issuer', id },
    });
  });
}
