import { BulwarkError } from '../errors.js';
import type { HttpClient } from '../http.js';
import { AccessToken, type TokenResponse } from '../token.js';
import { AgentsAdmin, ApiKeysAdmin, RevocationsAdmin, TenantsAdmin, UsersAdmin } from './auth-admin.js';

export type UserRef = string | { id: string };

export interface ScopedTokenOptions {
  /** Space-separated scopes or a list; must be within the user's and the agent's scopes. */
  scope: string | string[];
  /** Lifetime in seconds; capped by the agent's max_token_ttl (and a subject token's remaining life). */
  ttl?: number;
  /** The agent (`agt_…`) that will act for the user. Defaults to the client's `agentId`. */
  agent?: string;
  /** RFC 8707 audience/resource the token is for. */
  audience?: string | string[];
}

export type GrantType =
  | 'client_credentials'
  | 'refresh_token'
  | 'urn:ietf:params:oauth:grant-type:token-exchange'
  | 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Extra form parameters for the grants that need them (refresh_token, subject_token, assertion, …). */
export type GrantParameters = Record<string, string | undefined>;

export interface ExchangeOptions {
  subjectToken: string;
  subjectTokenType?: string;
  actorToken?: string;
  actorTokenType?: string;
  scope?: string | string[];
  audience?: string;
  resource?: string;
  requestedTtl?: number;
  /** Client credentials of the agent doing the exchange. */
  clientId: string;
  clientSecret: string;
}

export interface IntrospectionResult {
  active: boolean;
  [claim: string]: unknown;
}

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function scopeString(scope: string | string[] | undefined): string | undefined {
  if (scope === undefined) return undefined;
  return Array.isArray(scope) ? scope.join(' ') : scope;
}

function basic(clientId: string, clientSecret: string): string {
  // RFC 6749 §2.3.1: form-urlencode each part before base64.
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${btoa(`${encode(clientId)}:${encode(clientSecret)}`)}`;
}

/** `bw.auth` — also exported as `authService` in docs and the seed article. */
export class AuthClient {
  /** Agents (OAuth clients): create, list, get, update, rotate secret, suspend, reinstate, kill switch. */
  readonly agents: AgentsAdmin;
  /** Users of the tenant. */
  readonly users: UsersAdmin;
  /** Tenant API keys (`bwk_…`). */
  readonly apiKeys: ApiKeysAdmin;
  /** Tenants (root key with `tenants:admin`). */
  readonly tenants: TenantsAdmin;
  /** Admin revocations by jti, agent, user or tenant. */
  readonly revocations: RevocationsAdmin;

  constructor(
    private readonly http: HttpClient,
    private readonly defaults: { agentId?: string | undefined; hasApiKey: boolean },
  ) {
    this.agents = new AgentsAdmin(http);
    this.users = new UsersAdmin(http);
    this.apiKeys = new ApiKeysAdmin(http);
    this.tenants = new TenantsAdmin(http);
    this.revocations = new RevocationsAdmin(http);
  }

  /** The issuer URL (auth's base URL); resource servers pass it to `createVerifier`. */
  get issuer(): string {
    return this.http.baseUrl;
  }

  /**
   * A delegated token for an agent acting for `user` (a user id, `{ id }`, or the user's own access
   * token). Backed by `POST /v1/tokens/scoped`; needs an API key with `tokens:delegate`.
   *
   *   const token = await authService.generateScopedToken(user, { scope: 'email', ttl: 3600 });
   */
  async generateScopedToken(user: UserRef, options: ScopedTokenOptions): Promise<AccessToken> {
    const agent = options.agent ?? this.defaults.agentId;
    if (!agent) {
      throw new BulwarkError({
        message:
          'generateScopedToken needs an agent: pass { agent: "agt_…" } or create the client with new Bulwark({ apiKey, agentId }).',
        code: 'agent_required',
        status: 400,
      });
    }
    this.requireApiKey('generateScopedToken');
    const userValue = typeof user === 'string' ? user : user.id;
    const isToken = typeof user === 'string' && JWT_SHAPE.test(user);
    const response = await this.http.request<TokenResponse>({
      method: 'POST',
      path: '/v1/tokens/scoped',
      json: {
        ...(isToken ? { subject_token: userValue } : { user_id: userValue }),
        agent_id: agent,
        scope: scopeString(options.scope),
        ...(options.ttl === undefined ? {} : { ttl: options.ttl }),
        ...(options.audience === undefined ? {} : { audience: options.audience }),
      },
    });
    return new AccessToken(response);
  }

  /**
   * An OAuth access token from the token endpoint (RFC 6749 §4.4 by default). `grantType` may be any
   * supported grant; pass its extra parameters (refresh_token, subject_token, assertion…) in `params`.
   *
   *   const accessToken = await authService.getAccessToken(clientId, clientSecret, scope, grantType);
   */
  async getAccessToken(
    clientId: string,
    clientSecret: string,
    scope?: string | string[],
    grantType: GrantType | string = 'client_credentials',
    params: GrantParameters = {},
  ): Promise<AccessToken> {
    const response = await this.http.request<TokenResponse>({
      method: 'POST',
      path: '/oauth/token',
      authorization: basic(clientId, clientSecret),
      form: { grant_type: grantType, scope: scopeString(scope), ...params },
    });
    return new AccessToken(response);
  }

  /** RFC 8693 token exchange: a delegated token whose `act` claim names the agent. */
  async exchangeToken(options: ExchangeOptions): Promise<AccessToken> {
    return this.getAccessToken(
      options.clientId,
      options.clientSecret,
      options.scope,
      'urn:ietf:params:oauth:grant-type:token-exchange',
      {
        subject_token: options.subjectToken,
        subject_token_type: options.subjectTokenType ?? ACCESS_TOKEN_TYPE,
        actor_token: options.actorToken,
        actor_token_type: options.actorToken ? (options.actorTokenType ?? ACCESS_TOKEN_TYPE) : undefined,
        audience: options.audience,
        resource: options.resource,
        requested_ttl: options.requestedTtl === undefined ? undefined : String(options.requestedTtl),
      },
    );
  }

  /** RFC 7662 introspection, authenticated with the client's API key. */
  async introspect(token: string): Promise<IntrospectionResult> {
    this.requireApiKey('introspect');
    return this.http.request<IntrospectionResult>({
      method: 'POST',
      path: '/oauth/introspect',
      form: { token },
    });
  }

  /** RFC 8414 metadata of the authorization server. */
  async discovery(): Promise<Record<string, unknown>> {
    return this.http.request<Record<string, unknown>>({
      method: 'GET',
      path: '/.well-known/oauth-authorization-server',
    });
  }

  /** RFC 7009 revocation. Revoking an unknown token succeeds, as the RFC requires. */
  async revoke(token: string, tokenTypeHint?: 'access_token' | 'refresh_token'): Promise<void> {
    this.requireApiKey('revoke');
    await this.http.request<unknown>({
      method: 'POST',
      path: '/oauth/revoke',
      form: { token, token_type_hint: tokenTypeHint },
    });
  }

  private requireApiKey(call: string): void {
    if (!this.defaults.hasApiKey) {
      throw new BulwarkError({
        message: `${call} needs an API key: create the client with new Bulwark({ apiKey: 'bwk_…' }).`,
        code: 'api_key_required',
        status: 401,
      });
    }
  }
}
