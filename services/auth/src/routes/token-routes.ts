import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthDeps } from '../context.js';
import { splitForm } from '../http/form-body.js';
import { OAuthError } from '../oauth/oauth-error.js';
import { handleTokenRequest } from '../oauth/token-endpoint.js';
import type { TokenRequest } from '../oauth/token-request.js';
import { oauthErrorResponses, TokenResponseSchema } from './schemas.js';

export function sourceOf(request: FastifyRequest) {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, user_agent: typeof ua === 'string' ? ua.slice(0, 1000) : null };
}

/** Form body → TokenRequest; RFC 6749 §3.2: parameters must not repeat (except resource/audience). */
export function toTokenRequest(request: FastifyRequest): TokenRequest {
  if (!request.headers['content-type']?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new OAuthError(
      'invalid_request',
      'The token endpoint takes application/x-www-form-urlencoded bodies.',
    );
  }
  const { params, multi, duplicate } = splitForm(request.body, ['resource', 'audience']);
  if (duplicate)
    throw new OAuthError(
      'invalid_request',
      `The parameter ${duplicate.slice(0, 50)} appears more than once.`,
    );
  return {
    params,
    audiences: [...(multi.resource ?? []), ...(multi.audience ?? [])].filter((a) => a.length > 0),
    authorization: request.headers.authorization,
    requestId: request.id,
    source: sourceOf(request),
  };
}

/** `LOG_REQUESTS=false`: the hot OAuth routes log warn and above only (see config.ts). */
export function hotRouteLogging(config: AuthDeps['config']): { logLevel?: 'warn' } {
  return config.logRequests ? {} : { logLevel: 'warn' };
}

export function tokenRoutes(app: FastifyInstance, deps: AuthDeps): void {
  app.post(
    '/oauth/token',
    {
      // The token endpoint has its own per-client and per-IP limits (SharedWindowLimiter); not the kit's.
      config: { public: true, rateLimit: false },
      ...hotRouteLogging(deps.config),
      schema: {
        summary: 'OAuth 2.0 token endpoint (RFC 6749 §3.2, RFC 8693, RFC 7523)',
        tags: ['oauth'],
        consumes: ['application/x-www-form-urlencoded'],
        response: { 200: TokenResponseSchema, ...oauthErrorResponses },
      },
    },
    async (request, reply) => {
      const response = await handleTokenRequest(deps, toTokenRequest(request));
      reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
      return response;
    },
  );
}
