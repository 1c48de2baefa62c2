import { ConflictError, NotFoundError } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../../context.js';
import { listDelegations, revokeDelegation } from '../../db/delegations-sql.js';
import { listRevocations } from '../../db/revocations-sql.js';
import { listSigningKeys } from '../../db/signing-keys-sql.js';
import { announce, revokeJti, revokeJtisInTx, revokeSubject } from '../../domain/revocations.js';
import { auditBase, requireScope } from '../../domain/verb-ctx.js';
import { audit } from '../../infra/audit.js';
import { errorResponses } from '../schemas.js';
import {
  AnyObject,
  ctxOf,
  IdParams,
  Page,
  PageQuery,
  pageArgs,
  pageOf,
  rootTenantId,
  TenantQuery,
  tenantOf,
} from './route-kit.js';

const ok = { 200: AnyObject, ...errorResponses };

export function tokenAdminRoutes(app: FastifyInstance, deps: AuthDeps): void {
  // Signing keys are global to the issuer: managed from the root tenant only.
  const rootOnly = async (tenantId: string) => {
    if (tenantId !== (await rootTenantId(deps))) throw new NotFoundError('Signing keys');
  };
  const keyView = (k: Awaited<ReturnType<typeof listSigningKeys>>[number]) => ({
    kid: k.kid,
    alg: k.alg,
    status: k.status,
    public_jwk: k.public_jwk,
    not_before: k.not_before.toISOString(),
    activated_at: k.activated_at?.toISOString() ?? null,
    retiring_at: k.retiring_at?.toISOString() ?? null,
    expires_at: k.expires_at?.toISOString() ?? null,
  });
  app.get(
    '/v1/signing-keys',
    {
      config: { scope: 'auth:admin' },
      schema: { tags: ['signing-keys'], response: { 200: Page, ...errorResponses } },
    },
    async (request) => {
      await rootOnly(ctxOf(deps, request).actor.tenantId);
      return { data: (await listSigningKeys(deps.pool)).map(keyView), next_cursor: null };
    },
  );
  app.post(
    '/v1/signing-keys/rotate',
    {
      config: { scope: 'auth:admin' },
      schema: {
        tags: ['signing-keys'],
        body: Type.Optional(
          Type.Object({ immediate: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        ),
        response: ok,
      },
    },
    async (request) => {
      const ctx = ctxOf(deps, request);
      requireScope(ctx, 'auth:admin');
      await rootOnly(ctx.actor.tenantId);
      const immediate = (request.body as { immediate?: boolean } | undefined)?.immediate ?? false;
      const kid = await deps.keyring.rotateNow({ immediate }, (tx, change) =>
        audit(tx, {
          ...auditBase(ctx),
          action: 'auth.signing_key.rotate',
          target: { type: 'signing_key', id: change.kid },
        }),
      );
      return { kid, status: immediate ? 'active' : 'pending' };
    },
  );
  app.post(
    '/v1/signing-keys/:id/retire',
    { config: { scope: 'auth:admin' }, schema: { tags: ['signing-keys'], params: IdParams, response: ok } },
    async (request) => {
      const ctx = ctxOf(deps, request);
      requireScope(ctx, 'auth:admin');
      await rootOnly(ctx.actor.tenantId);
      const kid = (request.params as { id: string }).id;
      const result = await deps.keyring.retire(kid, (tx, change) =>
        audit(tx, {
          ...auditBase(ctx),
          action: 'auth.signing_key.retire',
          target: { type: 'signing_key', id: change.kid },
        }),
      );
      if (result === 'not_found') throw new NotFoundError('Signing key', kid);
      if (result === 'active') throw new ConflictError('The active key cannot be retired; rotate first.');
      return { kid, status: 'retired' };
    },
  );

  // Revocations.
  app.get(
    '/v1/revocations',
    {
      config: { scope: 'auth:read' },
      schema: { tags: ['revocations'], querystring: PageQuery, response: { 200: Page, ...errorResponses } },
    },
    async (request) => {
      const rows = await listRevocations(deps.pool, await tenantOf(deps, request), pageArgs(request).limit);
      return {
        data: rows.map((r) => ({
          ...r,
          expires_at: r.expires_at?.toISOString() ?? null,
          created_at: r.created_at.toISOString(),
        })),
        next_cursor: null,
      };
    },
  );
  app.post(
    '/v1/revocations',
    {
      config: { scope: 'auth:admin' },
      schema: {
        summary: 'Revoke by jti, agent (kill switch), user or tenant',
        tags: ['revocations'],
        querystring: TenantQuery,
        body: Type.Object(
          {
            kind: Type.Union([
              Type.Literal('jti'),
              Type.Literal('agent'),
              Type.Literal('user'),
              Type.Literal('tenant'),
            ]),
            value: Type.String({ minLength: 1, maxLength: 200 }),
            exp: Type.Optional(Type.Integer({ minimum: 0 })),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: AnyObject, ...errorResponses },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(deps, request);
      requireScope(ctx, 'auth:admin');
      const tenantId = await tenantOf(deps, request);
      const body = request.body as {
        kind: 'jti' | 'agent' | 'user' | 'tenant';
        value: string;
        exp?: number;
        reason?: string;
      };
      reply.status(201);
      if (body.kind === 'jti') {
        // Without exp, keep the jti for the longest token lifetime.
        const exp = body.exp ?? deps.clock.nowSeconds() + deps.config.maxTokenTtl;
        await revokeJti(ctx, { tenantId, jti: body.value, exp, reason: body.reason ?? null });
        return { kind: 'jti', value: body.value, exp };
      }
      if (body.kind === 'tenant' && body.value !== tenantId) throw new NotFoundError('Tenant', body.value);
      const owner = body.kind === 'agent' ? 'agents' : body.kind === 'user' ? 'users' : 'tenants';
      const column = body.kind === 'tenant' ? 'id' : 'tenant_id';
      const exists = await deps.pool.query(`SELECT 1 FROM ${owner} WHERE id = $1 AND ${column} = $2`, [
        body.value,
        tenantId,
      ]);
      if (exists.rowCount === 0) throw new NotFoundError(body.kind, body.value);
      const result = await revokeSubject(ctx, {
        kind: body.kind,
        subject: body.value,
        tenantId,
        reason: body.reason ?? null,
      });
      return { kind: body.kind, value: body.value, ...result };
    },
  );

  // Delegations: who may act for whom, with what scope, until when.
  app.get(
    '/v1/delegations',
    {
      config: { scope: 'auth:read' },
      schema: {
        tags: ['delegations'],
        querystring: Type.Object({
          tenant_id: Type.Optional(Type.String({ maxLength: 100 })),
          user_id: Type.Optional(Type.String({ maxLength: 100 })),
          agent_id: Type.Optional(Type.String({ maxLength: 100 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: { 200: Page, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as { user_id?: string; agent_id?: string };
      const { after, limit } = pageArgs(request);
      const rows = await listDelegations(deps.pool, {
        tenantId: await tenantOf(deps, request),
        userId: q.user_id,
        agentId: q.agent_id,
        after,
        limit: limit + 1,
      });
      return pageOf(rows, limit, (d) => ({
        ...d,
        expires_at: d.expires_at.toISOString(),
        created_at: d.created_at.toISOString(),
        last_issued_at: d.last_issued_at.toISOString(),
        revoked_at: null,
      }));
    },
  );
  app.post(
    '/v1/delegations/:id/revoke',
    {
      config: { scope: 'auth:admin' },
      schema: { tags: ['delegations'], params: IdParams, querystring: TenantQuery, response: ok },
    },
    async (request) => {
      const ctx = ctxOf(deps, request);
      requireScope(ctx, 'auth:admin');
      const tenantId = await tenantOf(deps, request);
      const id = (request.params as { id: string }).id;
      const { messages, count } = await withTransaction(deps.pool, async (tx) => {
        const revoked = await revokeDelegation(tx, tenantId, id);
        if (!revoked) throw new NotFoundError('Delegation', id);
        const out = await revokeJtisInTx(
          tx,
          tenantId,
          revoked.tokens.map((t) => ({ jti: t.jti, exp: Math.ceil(t.expires_at.getTime() / 1000) })),
          'delegation revoked',
        );
        await audit(tx, {
          ...auditBase(ctx),
          action: 'auth.delegation.revoke',
          tenantId,
          target: { type: 'delegation', id },
          metadata: {
            user_id: revoked.delegation.user_id,
            agent_id: revoked.delegation.agent_id,
            tokens_revoked: out.length,
          },
        });
        return { messages: out, count: out.length };
      });
      await announce(deps, messages);
      return { id, revoked: true, tokens_revoked: count };
    },
  );
}
