import { problemFor } from '@bulwark/core';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from './problem-reply.js';
import { ProblemSchema } from './problem-schema.js';

/** A readiness probe for one dependency; throws (or rejects) when the dependency is unusable. */
export type ReadyCheck = () => Promise<unknown>;

export interface HealthOptions {
  name: string;
  version: string;
  checks: Record<string, ReadyCheck>;
  /** Reasons the kit itself is not ready (e.g. revocations not loaded). */
  internalNotReady: () => string | undefined;
  checkTimeoutMs?: number;
}

async function runCheck(check: ReadyCheck, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const Status = Type.Object({ status: Type.Literal('ok'), service: Type.String(), version: Type.String() });

/**
 * `/healthz` answers while the process can serve HTTP (liveness: restart me if not). `/readyz` also
 * checks every dependency (readiness: route no traffic to me if not) and names the ones that failed.
 * Failure messages go to the log only; they can contain hostnames and driver internals.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  const ok = { status: 'ok' as const, service: options.name, version: options.version };

  app.get(
    '/healthz',
    {
      config: { public: true, rateLimit: false },
      schema: { tags: ['ops'], summary: 'Liveness', response: { 200: Status } },
    },
    async () => ok,
  );

  app.get(
    '/readyz',
    {
      config: { public: true, rateLimit: false },
      schema: { tags: ['ops'], summary: 'Readiness', response: { 200: Status, 503: ProblemSchema } },
    },
    async (request, reply) => {
      const entries = Object.entries(options.checks);
      const results = await Promise.allSettled(entries.map(([, check]) => runCheck(check, timeoutMs)));
      const failed: string[] = [];
      results.forEach((result, index) => {
        const name = entries[index]?.[0] ?? 'unknown';
        if (result.status === 'rejected') {
          failed.push(name);
          request.log.warn(
            { dependency: name, err: (result.reason as Error)?.message },
            'readiness check failed',
          );
        }
      });
      const internal = options.internalNotReady();
      if (internal) failed.push(internal);
      if (failed.length === 0) return ok;
      return sendProblem(
        reply,
        problemFor({
          status: 503,
          code: 'unavailable',
          detail: `Not ready: ${failed.join(', ')} unavailable.`,
          requestId: request.id,
          extensions: { failed_dependencies: failed },
        }),
      );
    },
  );
}
