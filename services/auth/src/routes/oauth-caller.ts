import type { Actor } from '@bulwark/core';
import type { FastifyRequest } from 'fastify';
import type { AuthDeps } from '../context.js';
import { resolveBearer } from '../domain/resolve-credential.js';
import { clientActor } from '../oauth/client-actor.js';
import { authenticateClient } from '../oauth/client-auth.js';
import { OAuthError } from '../oauth/oauth-error.js';
import { bearerOf } from '../http/bearer.js';

export interface OAuthCaller {
  actor: Actor;
  /** Set when the caller authenticated as an OAuth client. */
  clientId: string | undefined;
  /** Set when the caller is an access token: it may only act on itself. */
  selfToken: string | undefined;
}

/**
 * Who calls introspection/revocation (RFC 7662 §2.1, RFC 7009 §2.1): an OAuth client, a tenant
 * API key (Bearer), or any credential presenting itself as the token to inspect.
 */
export async function authenticateOAuthCaller(
  deps: AuthDeps,
  request: FastifyRequest,
  params: Record<string, string>,
  seq?: number,
): Promise<OAuthCaller> {
  const bearer = bearerOf(request);
  if (bearer) {
    const credential = await resolveBearer(deps, bearer, seq);
    if (!credential)
      throw new OAuthError('invalid_token', 'The bearer credential is invalid, expired or revoked.');
    return {
      actor: credential.actor,
      clientId: undefined,
      selfToken: credential.kind === 'access_token' ? bearer : undefined,
    };
  }
  const client = await authenticateClient(deps, {
    authorization: request.headers.authorization,
    body: params,
    seq,
  });
  return { actor: clientActor(client.agent), clientId: client.agent.id, selfToken: undefined };
}
