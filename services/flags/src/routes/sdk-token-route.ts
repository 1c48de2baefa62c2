import type { ServiceApp } from '@bulwark/service-kit';
import { SCOPE_ADMIN } from '../domain/tenant-flags.js';
import { UNLEASH_BASE_PATH } from '../unleash/embedded-unleash.js';
import type { UnleashTokens } from '../unleash/sdk-tokens.js';
import { SdkTokens } from './schemas.js';

/**
 * Hands the provisioned Unleash SDK tokens to admins wiring an Unleash SDK (or Bulwark's SDK) to the
 * embedded server. These tokens see every tenant's flag definitions — which is why each tenant's
 * strategies carry a `tenantId` constraint and evaluation context comes from verified tokens.
 */
export function registerSdkTokenRoute(
  app: ServiceApp,
  deps: { tokens: UnleashTokens; environment: string; refreshMs: number },
): void {
  app.get(
    '/v1/sdk-tokens',
    { config: { scope: SCOPE_ADMIN }, schema: { tags: ['sdk'], response: { 200: SdkTokens } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return {
        unleash_url: `${request.protocol}://${request.host}${UNLEASH_BASE_PATH}`,
        backend_token: deps.tokens.backend,
        frontend_token: deps.tokens.frontend,
        environment: deps.environment,
        refresh_interval_ms: deps.refreshMs,
      };
    },
  );
}
