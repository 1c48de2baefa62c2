import { type Authenticator, bearerCredential, InvalidTokenError } from '@bulwark/service-kit';
import type { AuthDeps } from '../context.js';
import { resolveBearer } from '../domain/resolve-credential.js';

/**
 * service-kit's authenticator contract, answered in-process: the auth service is the issuer, so it
 * checks its own keyring and Postgres (API keys, revocations) directly instead of calling its own
 * JWKS/introspection over HTTP. Revocations are therefore seen by its own admin API at once, with no
 * Redis mirror or cache in between.
 */
export function localAuthenticator(deps: () => AuthDeps): Authenticator {
  return {
    revocations: undefined,
    async authenticate(authorization) {
      const resolved = await resolveBearer(deps(), bearerCredential(authorization));
      if (!resolved) {
        throw new InvalidTokenError(
          'The bearer credential is invalid, expired or revoked; use an active API key or request a new token.',
        );
      }
      return resolved.actor;
    },
    async start() {},
    notReadyReason: () => undefined,
    async close() {},
  };
}
