import { NotFoundError } from '@bulwark/core';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../../context.js';
import { listApiKeys } from '../../db/api-keys-sql.js';
import { findTenant, listTenants } from '../../db/tenants-sql.js';
import { listTrustedIssuers } from '../../db/trusted-issuers-sql.js';
import { findTenantUser, listUsers } from '../../db/users-sql.js';
import * as dir from '../../domain/directory.js';
import { revokeSubject } from '../../domain/revocations.js';
import { targetTenant } from '../../domain/verb-ctx.js';
import { errorResponses } from '../schemas.js';
import {
  AnyObject,
  ctxOf,
  IdParams,
  idempotent,
  Page,
  PageQuery,
  pageArgs,
  pageOf,
  rootTenantId,
  TenantQuery,
  tenantOf,
} from './route-kit.js';

const ok = { 200: AnyObject, ...errorResponses };
const created = { 201: AnyObject, 200: AnyObject, ...errorResponses };
const none = { 204: Type.Null(), ...errorResponses };
const Scopes = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 100 });
/**
 * Seconds; null removes the tenant cap. One schema with `type: [integer, null]`, not an anyOf: with
 * ajv's type coercion an anyOf would turn a refused `0` into `null` in its second branch.
 * Checked against AUTH_MAX_TOKEN_TTL by the verb.
 */
const TenantTtl = Type.Unsafe<number | null>({
  type: ['integer', 'null'],
  minimum: 30,
  maximum: 30 * 86_400,
  description:
    'Ceiling on the lifetime (s) of every token issued in the tenant, at most AUTH_MAX_TOKEN_TTL; null: no tenant cap.',
});
const id = (request: { params: unknown }) => (request.params as { id: string }).id;
const keyView = (k: {
  id: string;
  tenant_id: string;
  name: string;
  key_hint: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}) => ({
  id: k.id,
  tenant_id: k.tenant_id,
  name: k.name,
  key_hint: k.key_hint,
  scopes: k.scopes,
  created_at: k.created_at.toISOString(),
  expires_at: k.expires_at?.toISOString() ?? null,
  revoked_at: k.revoked_at?.toISOString() ?? null,
});

export function directoryRoutes(app: FastifyInstance, deps: AuthDeps): void {
  // Tenants: only the root tenant's `tenants:admin` manages them.
  app.post(
    '/v1/tenants',
    {
      config: { scope: 'tenants:admin' },
      schema: {
        tags: ['tenants'],
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), max_token_ttl: Type.Optional(TenantTtl) },
          { additionalProperties: false },
        ),
        response: created,
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(deps, request);
      return idempotent(deps, request, reply, ctx.actor.tenantId, async () => ({
        status: 201,
        body: {
          ...(await dir.createTenant(
            ctx,
            await rootTenantId(deps),
            request.body as { name: string; max_token_ttl?: number | null },
          )),
        },
      }));
    },
  );
  app.get(
    '/v1/tenants',
    {
      config: { scope: 'tenants:admin' },
      schema: { tags: ['tenants'], querystring: PageQuery, response: { 200: Page, ...errorResponses } },
    },
    async (request) => {
      const ctx = ctxOf(deps, request);
      if (ctx.actor.tenantId !== (await rootTenantId(deps))) throw new NotFoundError('Tenant');
      const { after, limit } = pageArgs(request);
      return pageOf(await listTenants(deps.pool, after, limit + 1), limit, (t) => t);
    },
  );
  app.get(
    '/v1/tenants/:id',
    { config: { scope: 'auth:read' }, schema: { tags: ['tenants'], params: IdParams, response: ok } },
    async (request) => {
      const ctx = ctxOf(deps, request);
      const tenant = await findTenant(deps.pool, targetTenant(ctx, id(request), await rootTenantId(deps)));
      if (!tenant) throw new NotFoundError('Tenant', id(request));
      return tenant;
    },
  );
  app.patch(
    '/v1/tenants/:id',
    {
      config: { scope: 'tenants:admin' },
      schema: {
        tags: ['tenants'],
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
            max_token_ttl: Type.Optional(TenantTtl),
          },
          { additionalProperties: false },
        ),
        response: ok,
      },
    },
    async (request) => {
      const ctx = ctxOf(deps, request);
      if (ctx.actor.tenantId !== (await rootTenantId(deps))) throw new NotFoundError('Tenant', id(request));
      return dir.changeTenant(
        ctx,
        id(request),
        request.body as { name?: string; max_token_ttl?: number | null },
      );
    },
  );
  app.post(
    '/v1/tenants/:id/revoke',
    {
      config: { scope: 'tenants:admin' },
      schema: {
        summary: 'Revoke every token of a tenant',
        tags: ['revocations'],
        params: IdParams,
        response: ok,
      },
    },
    async (request) => {
      const ctx = ctxOf(deps, request);
      if (ctx.actor.tenantId !== (await rootTenantId(deps)) || !(await findTenant(deps.pool, id(request))))
        throw new NotFoundError('Tenant', id(request));
      return revokeSubject(ctx, {
        kind: 'tenant',
        subject: id(request),
        tenantId: id(request),
        reason: 'tenant revocation',
      });
    },
  );

  // Users.
  const UserBody = Type.Object(
    {
      email: Type.String({ format: 'email', maxLength: 320 }),
      name: Type.Optional(Type.String({ maxLength: 200 })),
      external_id: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    },
    { additionalProperties: false },
  );
  app.post(
    '/v1/users',
    {
      config: { scope: 'auth:admin' },
      schema: { tags: ['users'], querystring: TenantQuery, body: UserBody, response: created },
    },
    async (request, reply) => {
      const tenantId = await tenantOf(deps, request);
      return idempotent(deps, request, reply, tenantId, async () => ({
        status: 201,
        body: {
          ...(await dir.createUser(ctxOf(deps, request), tenantId, request.body as { email: string })),
        },
      }));
    },
  );
  app.get(
    '/v1/users',
    {
      config: { scope: 'auth:read' },
      schema: { tags: ['users'], querystring: PageQuery, response: { 200: Page, ...errorResponses } },
    },
    async (request) => {
      const { after, limit } = pageArgs(request);
      return pageOf(
        await listUsers(deps.pool, await tenantOf(deps, request), after, limit + 1),
        limit,
        (u) => u,
      );
    },
  );
  app.get(
    '/v1/users/:id',
    {
      config: { scope: 'auth:read' },
      schema: { tags: ['users'], params: IdParams, querystring: TenantQuery, response: ok },
    },
    async (request) => {
      const user = await findTenantUser(deps.pool, await tenantOf(deps, request), id(request));
      if (!user) throw new NotFoundError('User', id(request));
      return user;
    },
  );
  app.patch(
    '/v1/users/:id',
    {
      config: { scope: 'auth:admin' },
      schema: {
        tags: ['users'],
        params: IdParams,
        querystring: TenantQuery,
        body: Type.Object(
          {
            email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
            name: Type.Optional(Type.String({ maxLength: 200 })),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
          },
          { additionalProperties: false },
        ),
        response: ok,
      },
    },
    async (request) =>
      dir.changeUser(
        ctxOf(deps, request),
        await tenantOf(deps, request),
        id(request),
        request.body as { email?: string },
      ),
  );
  app.delete(
    '/v1/users/:id',
    {
      config: { scope: 'auth:admin' },
      schema: { tags: ['users'], params: IdParams, querystring: TenantQuery, response: none },
    },
    async (request, reply) => {
      await dir.removeUser(ctxOf(deps, request), await tenantOf(deps, request), id(request));
      return reply.status(204).send();
    },
  );
  app.post(
    '/v1/users/:id/revoke',
    {
      config: { scope: 'auth:admin' },
      schema: {
        summary: 'Revoke every token of a user',
        tags: ['revocations'],
        params: IdParams,
        querystring: TenantQuery,
        response: ok,
      },
    },
    async (request) => {
      const tenantId = await tenantOf(deps, request);
      if (!(await findTenantUser(deps.pool, tenantId, id(request))))
        throw new NotFoundError('User', id(request));
      return revokeSubject(ctxOf(deps, request), {
        kind: 'user',
        subject: id(request),
        tenantId,
        reason: 'user revocation',
      });
    },
  );

  // API keys.
  app.post(
    '/v1/api-keys',
    {
      config: { scope: 'auth:admin' },
      schema: {
        tags: ['api-keys'],
        querystring: TenantQuery,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            scopes: Scopes,
            expires_at: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: created,
      },
    },
    async (request, reply) => {
      const tenantId = await tenantOf(deps, request);
      return idempotent(deps, request, reply, tenantId, async () => {
        const { row, key } = await dir.createApiKey(
          ctxOf(deps, request),
          tenantId,
          request.body as { name: string; scopes: string[] },
        );
        return { status: 201, body: { ...keyView(row), key }, secretFields: ['key'] };
      });
    },
  );
  app.get(
    '/v1/api-keys',
    {
      config: { scope: 'auth:read' },
      schema: { tags: ['api-keys'], querystring: PageQuery, response: { 200: Page, ...errorResponses } },
    },
    async (request) => {
      const { after, limit } = pageArgs(request);
      return pageOf(
        await listApiKeys(deps.pool, await tenantOf(deps, request), after, limit + 1),
        limit,
        keyView,
      );
    },
  );
  app.delete(
    '/v1/api-keys/:id',
    {
      config: { scope: 'auth:admin' },
      schema: { tags: ['api-keys'], params: IdParams, querystring: TenantQuery, response: ok },
    },
    async (request) =>
      keyView(await dir.revokeKey(ctxOf(deps, request), await tenantOf(deps, request), id(request))),
  );

  // Scope catalog.
  app.post(
    '/v1/scopes',
    {
      config: { scope: 'auth:admin' },
      schema: {
        tags: ['scopes'],
        querystring: TenantQuery,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$' }),
            description: Type.Optional(Type.String({ maxLength: 1000 })),
            resource: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: created,
      },
    },
    async (request, reply) => {
      const tenantId = await tenantOf(deps, request);
      return idempotent(deps, request, reply, tenantId, async () => ({
        status: 201,
        body: {
          ...(await dir.createScope(ctxOf(deps, request), tenantId, request.body as { name: string })),
        },
      }));
    },
  );
  app.get(
    '/v1/scopes',
    {
      config: { scope: 'auth:read' },
      schema: { tags: ['scopes'], querystring: PageQuery, response: { 200: Page, ...errorResponses } },
    },
    async (request) => {
      const { after, limit } = pageArgs(request);
      const { rows } = await deps.pool.query<{ id: string }>(
        'SELECT id, tenant_id, name, description, resource, created_at FROM scopes WHERE tenant_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3',
        [await tenantOf(deps, request), after, limit + 1],
      );
      return pageOf(rows, limit, (r) => r);
    },
  );
  app.delete(
    '/v1/scopes/:id',
    {
      config: { scope: 'auth:admin' },
      schema: { tags: ['scopes'], params: IdParams, querystring: TenantQuery, response: none },
    },
    async (request, reply) => {
      await dir.removeScope(ctxOf(deps, request), await tenantOf(deps, request), id(request));
      return reply.status(204).send();
    },
  );

  // Trusted issuers (RFC 7523 assertions from a tenant's IdP).
  app.post(
    '/v1/trusted-issuers',
    {
      config: { scope: 'auth:admin' },
      schema: {
        tags: ['trusted-issuers'],
        querystring: TenantQuery,
        body: Type.Object(
          {
            issuer: Type.String({ minLength: 1, maxLength: 500 }),
            jwks_uri: Type.String({ format: 'uri', maxLength: 2000 }),
            audience: Type.String({ minLength: 1, maxLength: 500 }),
            subject_claim: Type.Optional(Type.Union([Type.Literal('sub'), Type.Literal('email')])),
          },
          { additionalProperties: false },
        ),
        response: created,
      },
    },
    async (request, reply) => {
      const tenantId = await tenantOf(deps, request);
      return idempotent(deps, request, reply, tenantId, async () => ({
        status: 201,
        body: {
          ...(await dir.createTrustedIssuer(
            ctxOf(deps, request),
            tenantId,
            request.body as { issuer: string; jwks_uri: string; audience: string },
          )),
        },
      }));
    },
  );
  app.get(
    '/v1/trusted-issuers',
    {
      config: { scope: 'auth:read' },
      schema: {
        tags: ['trusted-issuers'],
        querystring: PageQuery,
        response: { 200: Page, ...errorResponses },
      },
    },
    async (request) => {
      const { after, limit } = pageArgs(request);
      return pageOf(
        await listTrustedIssuers(deps.pool, await tenantOf(deps, request), after, limit + 1),
        limit,
        (r) => r,
      );
    },
  );
  app.delete(
    '/v1/trusted-issuers/:id',
    {
      config: { scope: 'auth:admin' },
      schema: { tags: ['trusted-issuers'], params: IdParams, querystring: TenantQuery, response: none },
    },
    async (request, reply) => {
      await dir.removeTrustedIssuer(ctxOf(deps, request), await tenantOf(deps, request), id(request));
      return reply.status(204).send();
    },
  );
}
