import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../context.js';
import { generateScopedToken, type ScopedTokenInput } from '../domain/scoped-token.js';
import { actorOf } from '@bulwark/service-kit';
import { TokenResponseSchema, errorResponses } from './schemas.js';
import { sourceOf } from './token-routes.js';

const Body = Type.Object(
  {
    user_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    subject_token: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })),
    agent_id: Type.String({ minLength: 1, maxLength: 100 }),
    scope: Type.String({ minLength: 1, maxLength: 4000 }),
    ttl: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 * 86_400 })),
    audience: Type.Optional(
      Type.Union([
        Type.String({ minLength: 1, maxLength: 500 }),
        Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 10 }),
      ]),
    ),
    refresh_token: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export function scopedTokenRoutes(app: FastifyInstance, deps: AuthDeps): void {
  app.post(
    '/v1/tokens/scoped',
    {
      config: { scope: 'tokens:delegate' },
      schema: {
        summary: 'Delegated token for an agent acting for a user (the SDK seed call)',
        tags: ['tokens'],
        body: Body,
        response: { 200: TokenResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      const { claims: _c, ...response } = (await generateScopedToken(
        { ...deps, actor: actorOf(request), requestId: request.id, source: sourceOf(request) },
        request.body as ScopedTokenInput,
      )) as Awaited<ReturnType<typeof generateScopedToken>> & { claims?: unknown };
      return response;
    },
  );
}
