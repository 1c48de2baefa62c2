import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { JSONWebKeySet } from 'jose';
import type { AuthDeps } from '../../context.js';
import { listAgents } from '../../db/agents-sql.js';
import {
  agentView,
  createAgent,
  getAgent,
  rotateAgentSecret,
  setAgentStatus,
  updateAgentSettings,
} from '../../domain/agents.js';
import { revokeSubject } from '../../domain/revocations.js';
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
  TenantQuery,
  tenantOf,
} from './route-kit.js';

const Scopes = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 });
const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    owner_user_id: Type.Optional(Type.String({ maxLength: 100 })),
    token_endpoint_auth_method: Type.Optional(
      Type.Union([
        Type.Literal('client_secret_basic'),
        Type.Literal('client_secret_post'),
        Type.Literal('private_key_jwt'),
      ]),
    ),
    jwks: Type.Optional(Type.Object({ keys: Type.Array(AnyObject, { maxItems: 20 }) })),
    jwks_uri: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
    allowed_scopes: Scopes,
    allowed_audiences: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 20 }),
    ),
    grant_types: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10 })),
    max_token_ttl: Type.Optional(Type.Integer({ minimum: 30, maximum: 30 * 86_400 })),
  },
  { additionalProperties: false },
);
const PatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    allowed_scopes: Type.Optional(Scopes),
    allowed_audiences: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 20 }),
    ),
    grant_types: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10 })),
    max_token_ttl: Type.Optional(Type.Integer({ minimum: 30, maximum: 30 * 86_400 })),
  },
  { additionalProperties: false },
);
const AgentWithSecret = Type.Object({
  agent: AnyObject,
  client_secret: Type.Union([Type.String(), Type.Null()]),
});

export function agentRoutes(app: FastifyInstance, deps: AuthDeps): void {
  app.post(
    '/v1/agents',
    {
      config: { scope: 'auth:admin' },
      schema: {
        tags: ['agents'],
        querystring: TenantQuery,
        body: CreateBody,
        response: { 201: AgentWithSecret, 200: AgentWithSecret, ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenantId = await tenantOf(deps, request);
      const b = request.body as {
        name: string;
        owner_user_id?: string;
        token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
        jwks?: JSONWebKeySet;
        jwks_uri?: string;
        allowed_scopes: string[];
        allowed_audiences?: string[];
        grant_types?: string[];
        max_token_ttl?: number;
      };
      return idempotent(deps, request, reply, tenantId, async () => {
        const { agent, secret } = await createAgent(ctxOf(deps, request), {
          tenantId,
          name: b.name,
          ownerUserId: b.owner_user_id,
          authMethod: b.token_endpoint_auth_method,
          jwks: b.jwks,
          jwksUri: b.jwks_uri,
          allowedScopes: b.allowed_scopes,
          allowedAudiences: b.allowed_audiences,
          grantTypes: b.grant_types,
          maxTokenTtl: b.max_token_ttl,
        });
        return {
          status: 201,
          body: { agent: agentView(agent), client_secret: secret ?? null },
          secretFields: ['client_secret'],
        };
      });
    },
  );
  app.get(
    '/v1/agents',
    {
      config: { scope: 'auth:read' },
      schema: { tags: ['agents'], querystring: PageQuery, response: { 200: Page, ...errorResponses } },
    },
    async (request) => {
      const { after, limit } = pageArgs(request);
      return pageOf(
        await listAgents(deps.pool, await tenantOf(deps, request), after, limit + 1),
        limit,
        agentView,
      );
    },
  );
  app.get(
    '/v1/agents/:id',
    {
      config: { scope: 'auth:read' },
      schema: {
        tags: ['agents'],
        params: IdParams,
        querystring: TenantQuery,
        response: { 200: AnyObject, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return agentView(await getAgent(ctxOf(deps, request), await tenantOf(deps, request), id));
    },
  );
  app.patch(
    '/v1/agents/:id',
    {
      config: { scope: 'auth:admin' },
      schema: {
        tags: ['agents'],
        params: IdParams,
        querystring: TenantQuery,
        body: PatchBody,
        response: { 200: AnyObject, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return agentView(
        await updateAgentSettings(
          ctxOf(deps, request),
          await tenantOf(deps, request),
          id,
          request.body as Record<string, never>,
        ),
      );
    },
  );
  app.post(
    '/v1/agents/:id/rotate-secret',
    {
      config: { scope: 'auth:admin' },
      schema: {
        tags: ['agents'],
        params: IdParams,
        querystring: TenantQuery,
        response: { 200: AgentWithSecret, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { agent, secret } = await rotateAgentSecret(
        ctxOf(deps, request),
        await tenantOf(deps, request),
        id,
      );
      return { agent: agentView(agent), client_secret: secret };
    },
  );
  app.post(
    '/v1/agents/:id/suspend',
    {
      config: { scope: 'auth:admin' },
      schema: {
        tags: ['agents'],
        params: IdParams,
        querystring: TenantQuery,
        response: { 200: AnyObject, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return agentView(
        await setAgentStatus(ctxOf(deps, request), await tenantOf(deps, request), id, 'suspended'),
      );
    },
  );
  app.post(
    '/v1/agents/:id/reinstate',
    {
      config: { scope: 'auth:admin' },
      schema: {
        tags: ['agents'],
        params: IdParams,
        querystring: TenantQuery,
        response: { 200: AnyObject, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return agentView(
        await setAgentStatus(ctxOf(deps, request), await tenantOf(deps, request), id, 'active'),
      );
    },
  );
  app.post(
    '/v1/agents/:id/revoke',
    {
      config: { scope: 'auth:admin' },
      schema: {
        summary: 'Kill switch: suspend the agent and revoke every token it holds',
        tags: ['agents'],
        params: IdParams,
        querystring: TenantQuery,
        response: { 200: AnyObject, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const ctx = ctxOf(deps, request);
      const tenantId = await tenantOf(deps, request);
      await getAgent(ctx, tenantId, id);
      return revokeSubject(ctx, { kind: 'agent', subject: id, tenantId, reason: 'kill switch' });
    },
  );
}
