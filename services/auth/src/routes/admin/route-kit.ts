import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError } from '@bulwark/core';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthDeps } from '../../context.js';
import { findRootTenant } from '../../db/tenants-sql.js';
import { targetTenant, type VerbCtx } from '../../domain/verb-ctx.js';
import { actorOf } from '@bulwark/service-kit';
import { sourceOf } from '../token-routes.js';

let cachedRoot: { pool: unknown; id: string } | undefined;

export async function rootTenantId(deps: AuthDeps): Promise<string | undefined> {
  if (cachedRoot?.pool === deps.pool) return cachedRoot.id;
  const root = await findRootTenant(deps.pool);
  if (root) cachedRoot = { pool: deps.pool, id: root.id };
  return root?.id;
}

export function ctxOf(deps: AuthDeps, request: FastifyRequest): VerbCtx {
  return { ...deps, actor: actorOf(request), requestId: request.id, source: sourceOf(request) };
}

/** The tenant a request acts on: the caller's, or `?tenant_id=` for root `tenants:admin` callers. */
export async function tenantOf(deps: AuthDeps, request: FastifyRequest): Promise<string> {
  const query = request.query as { tenant_id?: string } | undefined;
  return targetTenant(ctxOf(deps, request), query?.tenant_id, await rootTenantId(deps));
}

export const TenantQuery = Type.Object({ tenant_id: Type.Optional(Type.String({ maxLength: 100 })) });
export const PageQuery = Type.Object({
  tenant_id: Type.Optional(Type.String({ maxLength: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
export const AnyObject = Type.Object({}, { additionalProperties: true });
export const Page = Type.Object({
  data: Type.Array(AnyObject),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

export function pageOf<T extends { id: string }>(rows: T[], limit: number, view: (row: T) => unknown) {
  const data = rows.slice(0, limit);
  return { data: data.map(view), next_cursor: rows.length > limit ? (data.at(-1)?.id ?? null) : null };
}

export function pageArgs(request: FastifyRequest): { after: string | null; limit: number } {
  const q = request.query as { cursor?: string; limit?: number };
  return { after: q.cursor ?? null, limit: q.limit ?? 50 };
}

export function notFound(entity: string, id: string): never {
  throw new NotFoundError(entity, id);
}

/**
 * `Idempotency-Key` on create POSTs (DESIGN §6): the first response is stored; a retry with the
 * same key and body gets it again (minus any secret, which is never stored); a different body → 409.
 * Keys live `AUTH_IDEMPOTENCY_TTL` (24 h): an older one is ignored and replaced by the new request's
 * response, and `sweepExpired` deletes them.
 */
export async function idempotent(
  deps: AuthDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  tenantId: string,
  create: () => Promise<{ status: number; body: Record<string, unknown>; secretFields?: string[] }>,
): Promise<Record<string, unknown>> {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
    const result = await create();
    reply.status(result.status);
    return result.body;
  }
  const route = request.routeOptions.url ?? request.url;
  const hash = createHash('sha256')
    .update(JSON.stringify(request.body ?? null))
    .digest('hex');
  const found = await deps.pool.query<{
    request_hash: string;
    status_code: number;
    response: Record<string, unknown>;
  }>(
    `SELECT request_hash, status_code, response FROM idempotency_keys
     WHERE tenant_id = $1 AND route = $2 AND key = $3 AND created_at > now() - make_interval(secs => $4)`,
    [tenantId, route, key, deps.config.idempotencyTtl],
  );
  const previous = found.rows[0];
  if (previous) {
    if (previous.request_hash !== hash)
      throw new ConflictError('This Idempotency-Key was used with a different request body.');
    reply.status(previous.status_code).header('Idempotent-Replayed', 'true');
    return previous.response;
  }
  const result = await create();
  const stored = { ...result.body };
  for (const field of result.secretFields ?? []) if (field in stored) stored[field] = null;
  await deps.pool.query(
    `INSERT INTO idempotency_keys (tenant_id, key, route, request_hash, status_code, response) VALUES ($1,$2,$3,$4,$5,$6)
     ON CONFLICT (tenant_id, route, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
       status_code = EXCLUDED.status_code, response = EXCLUDED.response, created_at = now()
     WHERE idempotency_keys.created_at <= now() - make_interval(secs => $7)`,
    [tenantId, key, route, hash, result.status, JSON.stringify(stored), deps.config.idempotencyTtl],
  );
  reply.status(result.status);
  return result.body;
}
