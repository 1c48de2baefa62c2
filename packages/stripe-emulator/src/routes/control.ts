import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context.js';
import type { FaultKind } from '../rules/fault-injector.js';

const KINDS: readonly FaultKind[] = ['500', 'timeout', '429'];

interface FaultBody {
  next?: unknown;
  kind?: unknown;
  path_prefix?: unknown;
}

/**
 * `/_emulator/*` is not Stripe: it steers the emulator in tests (failure injection, reset, webhook
 * endpoint, state for assertions). It needs no API key, like a local admin port.
 */
export function controlRoutes(app: FastifyInstance, ctx: EmulatorContext, resetAll: () => void): void {
  app.post('/_emulator/faults', async (request, reply) => {
    const body = (request.body ?? {}) as FaultBody;
    const next = body.next;
    const kind = body.kind;
    if (typeof next !== 'number' || !Number.isInteger(next) || next < 0 || next > 10_000) {
      return reply.code(400).send({
        error: {
          type: 'invalid_request_error',
          message: 'next must be an integer 0..10000',
          param: 'next',
        },
      });
    }
    if (typeof kind !== 'string' || !KINDS.includes(kind as FaultKind)) {
      return reply.code(400).send({
        error: {
          type: 'invalid_request_error',
          message: `kind must be one of ${KINDS.join(', ')}`,
          param: 'kind',
        },
      });
    }
    const plan = {
      next,
      kind: kind as FaultKind,
      ...(typeof body.path_prefix === 'string' ? { path_prefix: body.path_prefix } : {}),
    };
    ctx.faults.add(plan);
    return { pending: ctx.faults.pending };
  });

  app.post('/_emulator/reset', async () => {
    resetAll();
    return { reset: true };
  });

  app.post('/_emulator/webhook_endpoints', async (request, reply) => {
    const body = (request.body ?? {}) as { url?: unknown; secret?: unknown };
    if (
      typeof body.url !== 'string' ||
      typeof body.secret !== 'string' ||
      !body.secret.startsWith('whsec_')
    ) {
      return reply
        .code(400)
        .send({ error: { type: 'invalid_request_error', message: 'url and secret (whsec_…) are required' } });
    }
    ctx.webhooks.configure([{ url: body.url, secret: body.secret }]);
    return { url: body.url };
  });

  app.post<{ Params: { id: string } }>('/_emulator/events/:id/resend', async (request, reply) => {
    if (!ctx.webhooks.redeliver(request.params.id)) {
      return reply.code(404).send({ error: { type: 'invalid_request_error', message: 'No such event' } });
    }
    return { resent: request.params.id };
  });

  app.get('/_emulator/state', async () => ({
    customers: ctx.store.customers.size,
    meters: ctx.store.meters.size,
    meter_events: ctx.store.meterEvents.length,
    meter_events_v2: ctx.store.meterEvents.filter((event) => event.via === 'v2').length,
    meter_errors: ctx.store.meterErrors,
    events: ctx.store.events.length,
    webhook_deliveries: ctx.webhooks.deliveries,
    faults_pending: ctx.faults.pending,
    faults_injected: ctx.faults.injected,
  }));
}
