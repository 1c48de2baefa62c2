import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../context.js';

export function healthRoutes(app: FastifyInstance, deps: AuthDeps): void {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: { tags: ['ops'], response: { 200: Type.Object({ status: Type.String() }) } },
    },
    async () => ({
      status: 'ok',
    }),
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['ops'],
        response: {
          200: Type.Object({ status: Type.String() }),
          503: Type.Object({ status: Type.String(), failing: Type.Array(Type.String()) }),
        },
      },
    },
    async (_request, reply) => {
      const failing: string[] = [];
      await deps.pool.query('SELECT 1').catch(() => failing.push('postgres'));
      await deps.redis.ping().catch(() => failing.push('redis'));
      if (failing.length > 0) return reply.status(503).send({ status: 'unavailable', failing });
      return { status: 'ok' };
    },
  );
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    const mem = process.memoryUsage();
    reply.type('text/plain; version=0.0.4');
    return `# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes ${mem.rss}\n# TYPE process_uptime_seconds gauge\nprocess_uptime_seconds ${process.uptime()}\n`;
  });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}
