import type { BodyOf, Page } from '../api-types.js';
import type { paths } from '../generated/auth.gen.js';
import type { HttpClient } from '../http.js';
import { toQuery } from '../http-query.js';

/**
 * Admin helpers over auth's `/v1` directory API. Every call acts in the API key's tenant; a root
 * key holding `tenants:admin` may pass `tenantId` to act in another tenant (auth's `?tenant_id=`).
 */
export interface TenantTarget {
  tenantId?: string;
}
export interface ListOptions extends TenantTarget {
  cursor?: string;
  limit?: number;
}

export interface Agent {
  id: string;
  client_id: string;
  tenant_id: string;
  name: string;
  owner_user_id: string | null;
  allowed_scopes: string[];
  allowed_audiences: string[];
  grant_types: string[];
  max_token_ttl: number;
  status: string;
  created_at: string;
  [field: string]: unknown;
}
export interface User {
  id: string;
  tenant_id: string;
  email: string;
  name: string | null;
  status: string;
  [field: string]: unknown;
}
export interface ApiKey {
  id: string;
  tenant_id: string;
  name: string;
  key_hint: string;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}
export interface Tenant {
  id: string;
  name: string;
  [field: string]: unknown;
}

export type CreateAgentInput = BodyOf<paths, '/v1/agents', 'post'>;
export type UpdateAgentInput = BodyOf<paths, '/v1/agents/{id}', 'patch'>;
export type CreateUserInput = BodyOf<paths, '/v1/users', 'post'>;
export type CreateApiKeyInput = BodyOf<paths, '/v1/api-keys', 'post'>;
export type RevocationInput = BodyOf<paths, '/v1/revocations', 'post'>;

const tq = (target: TenantTarget | undefined) => toQuery({ tenant_id: target?.tenantId });
const listQuery = (o: ListOptions | undefined) =>
  toQuery({ tenant_id: o?.tenantId, cursor: o?.cursor, limit: o?.limit });
const path = (template: string, id: string) => template.replace('{id}', encodeURIComponent(id));

export class AgentsAdmin {
  constructor(private readonly http: HttpClient) {}

  /** Registers an agent; `client_secret` is shown once (null for private_key_jwt agents). */
  create(input: CreateAgentInput, target?: TenantTarget) {
    return this.http.request<{ agent: Agent; client_secret: string | null }>({
      method: 'POST',
      path: '/v1/agents',
      query: tq(target),
      json: input,
      idempotent: true,
    });
  }
  list(options?: ListOptions) {
    return this.http.request<Page<Agent>>({ method: 'GET', path: '/v1/agents', query: listQuery(options) });
  }
  get(id: string, target?: TenantTarget) {
    return this.http.request<Agent>({ method: 'GET', path: path('/v1/agents/{id}', id), query: tq(target) });
  }
  update(id: string, input: UpdateAgentInput, target?: TenantTarget) {
    return this.http.request<Agent>({
      method: 'PATCH',
      path: path('/v1/agents/{id}', id),
      query: tq(target),
      json: input,
    });
  }
  rotateSecret(id: string, target?: TenantTarget) {
    return this.http.request<{ agent: Agent; client_secret: string }>({
      method: 'POST',
      path: path('/v1/agents/{id}/rotate-secret', id),
      query: tq(target),
    });
  }
  suspend(id: string, target?: TenantTarget) {
    return this.http.request<Agent>({
      method: 'POST',
      path: path('/v1/agents/{id}/suspend', id),
      query: tq(target),
    });
  }
  reinstate(id: string, target?: TenantTarget) {
    return this.http.request<Agent>({
      method: 'POST',
      path: path('/v1/agents/{id}/reinstate', id),
      query: tq(target),
    });
  }
  /** Kill switch: suspends the agent and revokes every token it holds. */
  revoke(id: string, target?: TenantTarget) {
    return this.http.request<Record<string, unknown>>({
      method: 'POST',
      path: path('/v1/agents/{id}/revoke', id),
      query: tq(target),
    });
  }
}

export class UsersAdmin {
  constructor(private readonly http: HttpClient) {}

  create(input: CreateUserInput, target?: TenantTarget) {
    return this.http.request<User>({
      method: 'POST',
      path: '/v1/users',
      query: tq(target),
      json: input,
      idempotent: true,
    });
  }
  list(options?: ListOptions) {
    return this.http.request<Page<User>>({ method: 'GET', path: '/v1/users', query: listQuery(options) });
  }
  get(id: string, target?: TenantTarget) {
    return this.http.request<User>({ method: 'GET', path: path('/v1/users/{id}', id), query: tq(target) });
  }
  delete(id: string, target?: TenantTarget) {
    return this.http.request<void>({ method: 'DELETE', path: path('/v1/users/{id}', id), query: tq(target) });
  }
  /** Revokes every token issued for the user so far. */
  revoke(id: string, target?: TenantTarget) {
    return this.http.request<Record<string, unknown>>({
      method: 'POST',
      path: path('/v1/users/{id}/revoke', id),
      query: tq(target),
    });
  }
}

export class ApiKeysAdmin {
  constructor(private readonly http: HttpClient) {}

  /** Creates a key; the secret (`key`) is in this answer only. */
  create(input: CreateApiKeyInput, target?: TenantTarget) {
    return this.http.request<ApiKey & { key: string }>({
      method: 'POST',
      path: '/v1/api-keys',
      query: tq(target),
      json: input,
      idempotent: true,
    });
  }
  list(options?: ListOptions) {
    return this.http.request<Page<ApiKey>>({
      method: 'GET',
      path: '/v1/api-keys',
      query: listQuery(options),
    });
  }
  delete(id: string, target?: TenantTarget) {
    return this.http.request<void>({
      method: 'DELETE',
      path: path('/v1/api-keys/{id}', id),
      query: tq(target),
    });
  }
}

export class TenantsAdmin {
  constructor(private readonly http: HttpClient) {}

  /** Root tenant only (`tenants:admin`). */
  create(input: { name: string }) {
    return this.http.request<Tenant>({ method: 'POST', path: '/v1/tenants', json: input, idempotent: true });
  }
  list(options?: Omit<ListOptions, 'tenantId'>) {
    return this.http.request<Page<Tenant>>({ method: 'GET', path: '/v1/tenants', query: listQuery(options) });
  }
  get(id: string) {
    return this.http.request<Tenant>({ method: 'GET', path: path('/v1/tenants/{id}', id) });
  }
  /** Tenant kill switch: every token of the tenant issued so far stops working. */
  revoke(id: string) {
    return this.http.request<Record<string, unknown>>({
      method: 'POST',
      path: path('/v1/tenants/{id}/revoke', id),
    });
  }
}

export class RevocationsAdmin {
  constructor(private readonly http: HttpClient) {}

  create(input: RevocationInput, target?: TenantTarget) {
    return this.http.request<Record<string, unknown>>({
      method: 'POST',
      path: '/v1/revocations',
      query: tq(target),
      json: input,
    });
  }
  list(options?: ListOptions) {
    return this.http.request<Page<Record<string, unknown>>>({
      method: 'GET',
      path: '/v1/revocations',
      query: listQuery(options),
    });
  }
}
