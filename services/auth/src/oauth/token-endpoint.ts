import { credentialIdHash, systemActor } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import type { AuthDeps } from '../context.js';
import { findRootTenant } from '../db/tenants-sql.js';
import { audit } from '../infra/audit.js';
import { clientActor } from './client-actor.js';
import {
  type AuthenticatedClient,
  authenticateClient,
  type BasicCredentials,
  basicHeader,
  parseBasic,
} from './client-auth.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { JWT_BEARER_GRANT, jwtBearerGrant } from './grants/jwt-bearer.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import { TOKEN_EXCHANGE_GRANT, tokenExchangeGrant } from './grants/token-exchange.js';
import type { TokenResponse } from './issue-token.js';
import { OAuthError } from './oauth-error.js';
import type { TokenRequest } from './token-request.js';

type Grant = (deps: AuthDeps, client: AuthenticatedClient, request: TokenRequest) => Promise<TokenResponse>;

export const GRANTS: Record<string, Grant> = {
  client_credentials: clientCredentialsGrant,
  [TOKEN_EXCHANGE_GRANT]: tokenExchangeGrant,
  refresh_token: refreshTokenGrant,
  [JWT_BEARER_GRANT]: jwtBearerGrant,
};

/**
 * Per-IP and per-claimed-client windows, decided in process and shared through Redis off the
 * request path (SharedWindowLimiter): a token request never waits on Redis.
 */
function limit(deps: AuthDeps, request: TokenRequest, claimed: string | undefined): void {
  const prefix = `${deps.config.redisPrefix}auth:ratelimit:`;
  const now = deps.clock.nowMs();
  const limiter = deps.state.tokenLimiter;
  const decisions = [
    limiter.hit(`${prefix}ip:${request.source.ip ?? 'unknown'}`, deps.config.tokenRateLimitPerIp, now),
  ];
  if (claimed)
    decisions.push(limiter.hit(`${prefix}client:${claimed}`, deps.config.tokenRateLimitPerClient, now));
  const refused = decisions.find((d) => !d.allowed);
  if (refused) {
    const error = new OAuthError(
      'rate_limited',
      `Too many token requests. Retry after ${refused.retryAfter} seconds.`,
    );
    error.retryAfter = refused.retryAfter;
    throw error;
  }
}

/**
 * The client_id a request claims, before it is authenticated (for per-client limits and audit):
 * the body's `client_id`, else the Basic credentials' id (parsed once, shared with client auth).
 */
function claimedClientId(request: TokenRequest, basic: BasicCredentials | undefined): string | undefined {
  const id = request.params.client_id ?? basic?.id;
  return id ? id.slice(0, 100) : undefined;
}

function basicOf(request: TokenRequest): BasicCredentials | undefined {
  const header = basicHeader(request.authorization);
  return header === undefined ? undefined : parseBasic(header);
}

/** POST /oauth/token (RFC 6749 §3.2): rate limits, client authentication, grant dispatch, denied audit. */
export async function handleTokenRequest(deps: AuthDeps, request: TokenRequest): Promise<TokenResponse> {
  let client: AuthenticatedClient | undefined;
  const basic = basicOf(request);
  try {
    limit(deps, request, claimedClientId(request, basic));
    const grantType = request.params.grant_type;
    if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required.');
    const grant = GRANTS[grantType];
    if (!grant)
      throw new OAuthError('unsupported_grant_type', `Unsupported grant_type "${grantType.slice(0, 100)}".`);
    client = await authenticateClient(deps, {
      authorization: request.authorization,
      body: request.params,
      // The client record may come from the cache while the change subscription is live: a
      // suspension or secret rotation on any instance reaches it within one pub/sub delivery.
      seq: 'subscribed',
      basic,
    });
    return await grant(deps, client, request);
  } catch (error) {
    if (error instanceof OAuthError && error.error !== 'rate_limited')
      await recordDenied(deps, request, client, error, claimedClientId(request, basic));
    throw error;
  }
}

async function recordDenied(
  deps: AuthDeps,
  request: TokenRequest,
  client: AuthenticatedClient | undefined,
  error: OAuthError,
  claimed: string | undefined,
): Promise<void> {
  try {
    await withTransaction(deps.pool, async (tx) => {
      const tenantId = client?.agent.tenant_id ?? (await findRootTenant(tx))?.id;
      if (!tenantId) return;
      await audit(tx, {
        actor: client
          ? clientActor(client.agent)
          : { ...systemActor(tenantId, 'token-endpoint'), scopes: [] },
        action: 'auth.token.issue',
        tenantId,
        target: claimed ? { type: 'client', id: claimed } : null,
        outcome: { status: 'denied', reason: `${error.error}: ${error.description}` },
        requestId: request.requestId,
        source: request.source,
        clock: deps.clock,
        credentialKind: client
          ? client.method === 'private_key_jwt'
            ? 'private_key_jwt'
            : 'client_secret'
          : 'none',
        metadata: {
          grant_type: (request.params.grant_type ?? '').slice(0, 200),
          claimed_client: claimed ? credentialIdHash(claimed) : null,
        },
      });
    });
  } catch (auditError) {
    deps.log.error({ err: auditError }, 'could not record a denied token request');
  }
}
