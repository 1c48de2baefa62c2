import { verifySecret } from '@bulwark/core';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { AuthDeps } from '../context.js';
import type { AgentRow } from '../db/agents-sql.js';
import type { Freshness } from '../infra/change-bus.js';
import { OAuthError } from './oauth-error.js';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Client assertions must be short-lived (RFC 7523 §3 item 4 lets the server bound `exp`). */
const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const CLIENT_ASSERTION_ALGS = ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'];

export type ClientAuthMethodUsed = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

export interface AuthenticatedClient {
  agent: AgentRow;
  method: ClientAuthMethodUsed;
}

export interface ClientCredentialsInput {
  authorization: string | undefined;
  body: Record<string, string>;
  /** How fresh in-process state must be to answer (ChangeBus.isCurrent); undefined: Postgres. */
  seq?: Freshness;
  /** `parseBasic` of the Basic header when the caller has already parsed it (the token endpoint). */
  basic?: BasicCredentials | undefined;
}

function invalidClient(description: string, usedBasic: boolean): OAuthError {
  const error = new OAuthError('invalid_client', description);
  error.usedBasic = usedBasic;
  return error;
}

export interface BasicCredentials {
  id: string;
  secret: string;
}

/** The Authorization header when it uses the Basic scheme. */
export function basicHeader(authorization: string | undefined): string | undefined {
  return authorization !== undefined && /^basic /i.test(authorization) ? authorization : undefined;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before Base64. */
export function parseBasic(header: string): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return undefined;
  }
}

const remoteJwks = new Map<string, JWTVerifyGetKey>();

function agentKeySet(agent: AgentRow): JWTVerifyGetKey {
  if (agent.jwks) return createLocalJWKSet(agent.jwks);
  const uri = agent.jwks_uri as string;
  let set = remoteJwks.get(uri);
  if (!set) {
    set = createRemoteJWKSet(new URL(uri), { timeoutDuration: 3000, cooldownDuration: 30_000 });
    remoteJwks.set(uri, set);
  }
  return set;
}

/**
 * Authenticates the calling client with exactly one method (RFC 6749 §2.3): HTTP Basic,
 * form-posted secret, or a `private_key_jwt` assertion (RFC 7523 §2.2, OIDC Core §9).
 */
export async function authenticateClient(
  deps: AuthDeps,
  input: ClientCredentialsInput,
): Promise<AuthenticatedClient> {
  const { body } = input;
  const basic = basicHeader(input.authorization);
  const methods = [
    basic !== undefined,
    body.client_secret !== undefined,
    body.client_assertion !== undefined,
  ].filter(Boolean).length;
  if (methods > 1) {
    throw new OAuthError('invalid_request', 'Use exactly one client authentication method (RFC 6749 §2.3).');
  }
  if (basic !== undefined) {
    const parsed = input.basic ?? parseBasic(basic);
    if (!parsed) throw invalidClient('The Authorization header is not valid HTTP Basic credentials.', true);
    if (body.client_id !== undefined && body.client_id !== parsed.id) {
      throw invalidClient('client_id in the body does not match the Basic credentials.', true);
    }
    return {
      agent: await checkSecret(deps, parsed.id, parsed.secret, true, input.seq),
      method: 'client_secret_basic',
    };
  }
  if (body.client_secret !== undefined) {
    if (!body.client_id) throw invalidClient('client_secret_post needs client_id.', false);
    return {
      agent: await checkSecret(deps, body.client_id, body.client_secret, false, input.seq),
      method: 'client_secret_post',
    };
  }
  if (body.client_assertion !== undefined) {
    return { agent: await checkAssertion(deps, body, input.seq), method: 'private_key_jwt' };
  }
  throw invalidClient(
    'Client authentication is required (client_secret_basic, client_secret_post or private_key_jwt).',
    false,
  );
}

async function checkSecret(
  deps: AuthDeps,
  clientId: string,
  secret: string,
  usedBasic: boolean,
  seq: Freshness,
): Promise<AgentRow> {
  const agent = clientId.length <= 100 ? await deps.state.findClient(clientId, seq) : undefined;
  // Same answer for unknown client and wrong secret: no client enumeration.
  if (!agent?.secret_hash || !verifySecret(secret, agent.secret_hash)) {
    throw invalidClient('Client authentication failed.', usedBasic);
  }
  if (agent.auth_method === 'private_key_jwt')
    throw invalidClient('This client must authenticate with private_key_jwt.', usedBasic);
  return agent;
}

async function checkAssertion(
  deps: AuthDeps,
  body: Record<string, string>,
  seq: Freshness,
): Promise<AgentRow> {
  if (body.client_assertion_type !== JWT_BEARER_ASSERTION_TYPE) {
    throw invalidClient(`client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}.`, false);
  }
  const assertion = body.client_assertion ?? '';
  let unverified: ReturnType<typeof decodeJwt>;
  try {
    unverified = decodeJwt(assertion);
  } catch {
    throw invalidClient('client_assertion is not a JWT.', false);
  }
  const clientId = unverified.sub;
  if (
    typeof clientId !== 'string' ||
    unverified.iss !== clientId ||
    (body.client_id && body.client_id !== clientId)
  ) {
    throw invalidClient('client_assertion iss and sub must both be the client_id (RFC 7523 §3).', false);
  }
  const agent = clientId.length <= 100 ? await deps.state.findClient(clientId, seq) : undefined;
  if (!agent || agent.auth_method !== 'private_key_jwt')
    throw invalidClient('Client authentication failed.', false);
  const { config, clock } = deps;
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(assertion, agentKeySet(agent), {
      issuer: clientId,
      subject: clientId,
      audience: [`${config.issuer}/oauth/token`, config.issuer],
      algorithms: CLIENT_ASSERTION_ALGS,
      currentDate: clock.now(),
      requiredClaims: ['exp', 'jti'],
    }));
  } catch {
    throw invalidClient('client_assertion failed verification (signature, audience or expiry).', false);
  }
  const exp = payload.exp as number;
  if (exp - clock.nowSeconds() > MAX_ASSERTION_LIFETIME_SECONDS) {
    throw invalidClient(
      `client_assertion must expire within ${MAX_ASSERTION_LIFETIME_SECONDS} seconds.`,
      false,
    );
  }
  const inserted = await deps.pool.query(
    `INSERT INTO used_assertion_jtis (client_id, jti, expires_at) VALUES ($1, $2, to_timestamp($3))
     ON CONFLICT DO NOTHING`,
    [clientId, String(payload.jti).slice(0, 200), exp],
  );
  if (inserted.rowCount === 0) throw invalidClient('client_assertion jti was already used (replay).', false);
  return agent;
}
