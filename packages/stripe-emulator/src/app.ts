import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { EmulatorContext } from './context.js';
import { authenticate } from './http/authenticate.js';
import { parseFormBody } from './http/form-body.js';
import { injectedServerError, rateLimited, StripeApiError } from './http/stripe-error.js';
import { CustomerMeterLock } from './rules/customer-meter-lock.js';
import { FaultInjector } from './rules/fault-injector.js';
import { SlidingWindowLimiter } from './rules/rate-limiter.js';
import { controlRoutes } from './routes/control.js';
import { customerRoutes } from './routes/customers.js';
import { eventSummaryRoutes } from './routes/event-summaries.js';
import { meterEventStreamRoutes } from './routes/meter-event-stream.js';
import { meterEventRoutes } from './routes/meter-events.js';
import { meterRoutes } from './routes/meters.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { stripeId } from './state/ids.js';
import { EmulatorStore } from './state/store.js';
import { type WebhookEndpoint, WebhookDispatcher } from './webhooks/dispatcher.js';

export interface EmulatorOptions {
  /** Requests per second per bucket (read, write) before 429. Stripe test mode: 25. */
  rateLimitPerSecond?: number;
  /** Simulated time a v1 meter event call takes while it holds the customer+meter lock. */
  meterEventLatencyMs?: number;
  /** Only these keys are accepted; by default any `sk_test_…` key is. */
  apiKeys?: string[];
  webhookEndpoints?: WebhookEndpoint[];
  /** How long a `timeout` fault holds the response before dropping the connection. */
  timeoutFaultMs?: number;
  /** The emulator's clock, so tests can move time (identifier window, session expiry). */
  nowMs?: () => number;
  logger?: boolean;
}

export interface EmulatorApp {
  app: FastifyInstance;
  ctx: EmulatorContext;
  reset(): void;
}

const UNMETERED = /^\/(healthz|readyz|_emulator\/)/;

export function buildEmulatorApp(options: EmulatorOptions = {}): EmulatorApp {
  const nowMs = options.nowMs ?? Date.now;
  const store = new EmulatorStore();
  const ctx: EmulatorContext = {
    store,
    nowMs,
    limiter: new SlidingWindowLimiter(options.rateLimitPerSecond ?? 25, nowMs),
    lock: new CustomerMeterLock(),
    faults: new FaultInjector(),
    webhooks: new WebhookDispatcher(store, nowMs),
    meterEventLatencyMs: options.meterEventLatencyMs ?? 5,
  };
  ctx.webhooks.configure(options.webhookEndpoints ?? []);
  const timedOut = new WeakSet<FastifyRequest>();
  const timeoutFaultMs = options.timeoutFaultMs ?? 30_000;

  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: () => stripeId('req', 14),
    forceCloseConnections: true,
  });

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, parseFormBody(typeof body === 'string' ? body : body.toString('utf8')));
    },
  );

  app.addHook('onRequest', async (request, reply) => {
    reply.header('Request-Id', request.id);
    const path = request.url.split('?')[0] ?? '';
    if (UNMETERED.test(path)) return;
    // The stream endpoint authenticates with a session token, checked in its route.
    if (path !== '/v2/billing/meter_event_stream')
      authenticate(request.headers.authorization, options.apiKeys);
    const fault = ctx.faults.take(path);
    if (fault === '500') throw injectedServerError();
    if (fault === '429') throw rateLimited();
    if (fault === 'timeout') timedOut.add(request);
    if (path !== '/v2/billing/meter_event_stream') {
      const bucket = request.method === 'GET' ? 'read' : 'write';
      if (!ctx.limiter.tryTake(bucket)) throw rateLimited();
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!timedOut.has(request)) return payload;
    // The call has taken effect; now behave like a response lost on the network.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutFaultMs);
      request.raw.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    reply.raw.socket?.destroy();
    return payload;
  });

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof StripeApiError) {
      if (error.shouldRetry !== undefined) reply.header('Stripe-Should-Retry', String(error.shouldRetry));
      return reply.code(error.status).send({ error: error.body });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply
        .code(status)
        .send({ error: { type: 'invalid_request_error', message: (error as Error).message } });
    }
    request.log.error({ err: error }, 'emulator bug');
    return reply.code(500).send({ error: { type: 'api_error', message: 'An unknown error occurred.' } });
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({
      error: {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${request.method}: ${request.url.split('?')[0]}).`,
      },
    }),
  );

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => ({ status: 'ready', emulator: 'stripe' }));

  customerRoutes(app, ctx);
  meterRoutes(app, ctx);
  meterEventRoutes(app, ctx);
  meterEventStreamRoutes(app, ctx);
  eventSummaryRoutes(app, ctx);
  subscriptionRoutes(app, ctx);
  const reset = () => {
    store.reset();
    ctx.limiter.reset();
    ctx.lock.reset();
    ctx.faults.reset();
    ctx.webhooks.deliveries.length = 0;
  };
  controlRoutes(app, ctx, reset);
  return { app, ctx, reset };
}
