import {
  ConflictError,
  generateSecret,
  hashSecret,
  isSubsetOf,
  isValidScopeToken,
  missingScopes,
  NotFoundError,
  publicId,
  secretHint,
  ValidationError,
} from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import type { JSONWebKeySet } from 'jose';
import {
  type AgentRow,
  type ClientAuthMethod,
  findTenantAgent,
  insertAgent,
  updateAgent,
} from '../db/agents-sql.js';
import { findTenantUser } from '../db/users-sql.js';
import { audit } from '../infra/audit.js';
import { assertScopesCatalogued } from './scope-catalog.js';
import { auditBase, requireScope, type VerbCtx } from './verb-ctx.js';

export const SUPPORTED_GRANTS = [
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'refresh_token',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
] as const;

export interface CreateAgentInput {
  tenantId: string;
  name: string;
  ownerUserId?: string | undefined;
  authMethod?: ClientAuthMethod | undefined;
  jwks?: JSONWebKeySet | undefined;
  jwksUri?: string | undefined;
  allowedScopes: string[];
  allowedAudiences?: string[] | undefined;
  grantTypes?: string[] | undefined;
  maxTokenTtl?: number | undefined;
  /** Registration (RFC 7591) caps scopes by the registering key's own scopes. */
  scopeCeiling?: string[] | undefined;
  action?: 'auth.agent.create' | 'auth.client.register';
}

/** Public view: never the secret hash. */
export function agentView(agent: AgentRow) {
  return {
    id: agent.id,
    client_id: agent.id,
    tenant_id: agent.tenant_id,
    name: agent.name,
    owner_user_id: agent.owner_user_id,
    token_endpoint_auth_method: agent.auth_method,
    secret_hint: agent.secret_hint,
    jwks_uri: agent.jwks_uri,
    has_jwks: agent.jwks !== null,
    allowed_scopes: agent.allowed_scopes,
    allowed_audiences: agent.allowed_audiences,
    grant_types: agent.grant_types,
    max_token_ttl: agent.max_token_ttl,
    status: agent.status,
    created_at: agent.created_at.toISOString(),
    updated_at: agent.updated_at.toISOString(),
  };
}

function validateAgentPolicy(ctx: VerbCtx, input: CreateAgentInput): void {
  const bad = input.allowedScopes.find((s) => !isValidScopeToken(s));
  if (bad !== undefined)
    throw new ValidationError('Invalid scope.', [
      { field: '/body/allowed_scopes', message: `"${bad}" is not a scope token` },
    ]);
  const grants = input.grantTypes ?? ['client_credentials'];
  const unknown = grants.find((g) => !(SUPPORTED_GRANTS as readonly string[]).includes(g));
  if (unknown)
    throw new ValidationError('Unsupported grant type.', [
      { field: '/body/grant_types', message: `"${unknown}" is not supported` },
    ]);
  const ceiling = input.scopeCeiling ?? ctx.actor.scopes;
  if (!isSubsetOf(input.allowedScopes, ceiling)) {
    throw new ValidationError('An agent cannot be given scopes its creator does not hold.', [
      {
        field: '/body/allowed_scopes',
        message: `not held: ${missingScopes(input.allowedScopes, ceiling).join(' ')}`,
      },
    ]);
  }
  const method =
    input.authMethod ?? (input.jwks || input.jwksUri ? 'private_key_jwt' : 'client_secret_basic');
  if (method === 'private_key_jwt' && !input.jwks && !input.jwksUri) {
    throw new ValidationError('private_key_jwt needs jwks or jwks_uri.', [
      { field: '/body/jwks', message: 'required' },
    ]);
  }
  if (input.jwks && !Array.isArray(input.jwks.keys)) {
    throw new ValidationError('jwks must be a JWK Set.', [
      { field: '/body/jwks', message: 'expected { keys: [...] }' },
    ]);
  }
  if (input.jwks?.keys.some((k) => 'd' in k || 'p' in k || 'k' in k)) {
    throw new ValidationError('jwks must hold public keys only.', [
      { field: '/body/jwks', message: 'private or symmetric key material' },
    ]);
  }
}

/** Creates an agent; a secret-based agent's secret is returned once and stored only as SHA-256. */
export async function createAgent(
  ctx: VerbCtx,
  input: CreateAgentInput,
): Promise<{ agent: AgentRow; secret: string | undefined }> {
  requireScope(ctx, 'auth:admin');
  validateAgentPolicy(ctx, input);
  const method =
    input.authMethod ?? (input.jwks || input.jwksUri ? 'private_key_jwt' : 'client_secret_basic');
  const secret = method === 'private_key_jwt' ? undefined : generateSecret('bws');
  return withTransaction(ctx.pool, async (tx) => {
    if (input.ownerUserId && !(await findTenantUser(tx, input.tenantId, input.ownerUserId))) {
      throw new NotFoundError('User', input.ownerUserId);
    }
    await assertScopesCatalogued(tx, input.tenantId, input.allowedScopes, '/body/allowed_scopes');
    const agent = await insertAgent(tx, {
      id: publicId('agent', ctx.clock.nowMs()),
      tenant_id: input.tenantId,
      name: input.name,
      owner_user_id: input.ownerUserId ?? null,
      auth_method: method,
      secret_hash: secret ? hashSecret(secret) : null,
      secret_hint: secret ? secretHint(secret) : null,
      jwks: input.jwks ?? null,
      jwks_uri: input.jwksUri ?? null,
      allowed_scopes: input.allowedScopes,
      allowed_audiences: input.allowedAudiences ?? [],
      grant_types: input.grantTypes ?? ['client_credentials'],
      max_token_ttl: Math.min(input.maxTokenTtl ?? ctx.config.agentDefaultMaxTtl, ctx.config.maxTokenTtl),
    });
    await audit(tx, {
      ...auditBase(ctx),
      action: input.action ?? 'auth.agent.create',
      tenantId: input.tenantId,
      target: { type: 'agent', id: agent.id },
      changes: { before: null, after: agentView(agent) },
    });
    return { agent, secret };
  });
}

export async function getAgent(ctx: VerbCtx, tenantId: string, id: string): Promise<AgentRow> {
  const agent = await findTenantAgent(ctx.pool, tenantId, id);
  if (!agent) throw new NotFoundError('Agent', id);
  return agent;
}

type AgentUpdate = {
  name?: string | undefined;
  allowed_scopes?: string[] | undefined;
  allowed_audiences?: string[] | undefined;
  grant_types?: string[] | undefined;
  max_token_ttl?: number | undefined;
};

export async function updateAgentSettings(
  ctx: VerbCtx,
  tenantId: string,
  id: string,
  patch: AgentUpdate,
): Promise<AgentRow> {
  requireScope(ctx, 'auth:admin');
  if (patch.allowed_scopes) {
    validateAgentPolicy(ctx, {
      tenantId,
      name: 'x',
      allowedScopes: patch.allowed_scopes,
      grantTypes: patch.grant_types,
      authMethod: 'client_secret_basic',
    });
  } else if (patch.grant_types) {
    validateAgentPolicy(ctx, {
      tenantId,
      name: 'x',
      allowedScopes: [],
      grantTypes: patch.grant_types,
      authMethod: 'client_secret_basic',
    });
  }
  if (patch.allowed_scopes)
    await assertScopesCatalogued(ctx.pool, tenantId, patch.allowed_scopes, '/body/allowed_scopes');
  return changeAgent(ctx, tenantId, id, 'auth.agent.update', {
    ...patch,
    max_token_ttl:
      patch.max_token_ttl === undefined ? undefined : Math.min(patch.max_token_ttl, ctx.config.maxTokenTtl),
  });
}

export async function setAgentStatus(
  ctx: VerbCtx,
  tenantId: string,
  id: string,
  status: 'active' | 'suspended',
) {
  requireScope(ctx, 'auth:admin');
  return changeAgent(ctx, tenantId, id, status === 'active' ? 'auth.agent.reinstate' : 'auth.agent.suspend', {
    status,
  });
}

/** New secret, shown once; the old one stops working at once. */
export async function rotateAgentSecret(
  ctx: VerbCtx,
  tenantId: string,
  id: string,
): Promise<{ agent: AgentRow; secret: string }> {
  requireScope(ctx, 'auth:admin');
  const current = await getAgent(ctx, tenantId, id);
  if (current.auth_method === 'private_key_jwt')
    throw new ConflictError('This agent authenticates with private_key_jwt; it has no secret.');
  const secret = generateSecret('bws');
  const agent = await changeAgent(ctx, tenantId, id, 'auth.agent.secret_rotate', {
    secret_hash: hashSecret(secret),
    secret_hint: secretHint(secret),
  });
  return { agent, secret };
}

async function changeAgent(
  ctx: VerbCtx,
  tenantId: string,
  id: string,
  action: 'auth.agent.update' | 'auth.agent.suspend' | 'auth.agent.reinstate' | 'auth.agent.secret_rotate',
  patch: Parameters<typeof updateAgent>[3],
): Promise<AgentRow> {
  const after = await withTransaction(ctx.pool, async (tx) => {
    const before = await findTenantAgent(tx, tenantId, id);
    const after = before ? await updateAgent(tx, tenantId, id, patch) : undefined;
    if (!before || !after) throw new NotFoundError('Agent', id);
    await audit(tx, {
      ...auditBase(ctx),
      action,
      tenantId,
      target: { type: 'agent', id },
      changes: { before: agentView(before), after: agentView(after) },
    });
    return after;
  });
  // After commit: every instance drops its cached client (a suspension bites at once everywhere).
  await ctx.state.publish([{ type: 'agent', id }]);
  return after;
}
