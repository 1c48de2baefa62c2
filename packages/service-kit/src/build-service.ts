import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions, LogController } from 'fastify';
import type { Registry } from 'prom-client';
import { authentication } from './auth/auth-plugin.js';
import type { AuthOptions } from './auth/auth-options.js';
import { type Authenticator, createAuthenticator } from './auth/authenticator.js';
import { installErrorHandling } from './error-handler.js';
import type { ServiceApp } from './fastify-types.js';
import { type ReadyCheck, registerHealthRoutes } from './health.js';
import { registerMetrics } from './metrics.js';
import { DOCS_PREFIX, type OpenApiInfo, registerOpenApi } from './openapi.js';
import { type RateLimitOptions, registerRateLimit } from './rate-limit.js';
import { requestIdFor } from './request-id.js';
import { registerResponseHeaders } from './response-headers.js';
import { bodyStrictValidatorFactory } from './validator-compiler.js';

export interface BuildServiceOptions {
  /** Service name, e.g. `audit`; used in logs, metrics labels and the OpenAPI title. */
  name: string;
  version: string;
  /** Pino options (or `false`); the authorization header is always redacted. Default: level info. */
  logger?: boolean | FastifyServerOptions['logger'];
  /** An existing pino-compatible logger, instead of `logger`. */
  loggerInstance?: FastifyBaseLogger;
  /** Token/API-key verification. Without it, only `public` routes can be registered. */
  auth?: AuthOptions;
  /**
   * A ready-made authenticator used instead of one built from `auth` — for the auth service itself,
   * which verifies its own tokens and API keys in-process rather than through its own HTTP endpoints.
   */
  authenticator?: Authenticator;
  /** Named readiness checks for `/readyz`, e.g. `{ postgres: () => pool.query('select 1') }`. */
  ready?: Record<string, ReadyCheck>;
  /** Max request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Global rate limit (default 600/min per IP); `false` disables it. */
  rateLimit?: RateLimitOptions | false;
  openapi?: OpenApiInfo;
  /** Serve swagger UI at `/docs` (default true). */
  docs?: boolean;
  timeouts?: { connectionMs?: number; requestMs?: number; keepAliveMs?: number };
}

export interface ServiceInternals {
  metrics: Registry;
  authenticator: Authenticator | undefined;
}

const internals = new WeakMap<object, ServiceInternals>();

/** The metrics registry and authenticator of an app built by `buildService` (for tests and wiring). */
export function serviceInternals(app: object): ServiceInternals | undefined {
  return internals.get(app);
}

const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'];

function loggerOptions(logger: BuildServiceOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  if (logger === undefined || logger === true) return { level: 'info', redact: REDACT };
  const existing = (logger as { redact?: string[] }).redact ?? [];
  return { ...(logger as object), redact: [...REDACT, ...existing] } as FastifyServerOptions['logger'];
}

/**
 * The fastify app every Bulwark service starts from: request ids, one problem+json error shape,
 * authentication and per-route scopes, health/readiness, metrics, OpenAPI, helmet, rate limits and
 * timeouts. Services add routes to the returned app and never configure these concerns themselves.
 */
export async function buildService(options: BuildServiceOptions): Promise<ServiceApp> {
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const logging = options.loggerInstance
    ? { loggerInstance: options.loggerInstance }
    : { logger: loggerOptions(options.logger) };
  const app = Fastify({
    ...logging,
    genReqId: requestIdFor,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    bodyLimit,
    // Slow-loris protection: the whole request must arrive within requestMs; idle sockets are cut.
    connectionTimeout: options.timeouts?.connectionMs ?? 60_000,
    requestTimeout: options.timeouts?.requestMs ?? 30_000,
    // Longer than common load-balancer idle timeouts, so the proxy closes first and never hits a dead socket.
    keepAliveTimeout: options.timeouts?.keepAliveMs ?? 72_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Report every offending field at once rather than one per round trip.
    ajv: { customOptions: { allErrors: true } },
    // JSON bodies are validated as sent (no type coercion); querystring/params/headers still coerce.
    schemaController: { compilersFactory: { buildValidator: bodyStrictValidatorFactory() } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Callback-style hooks throughout: an async hook costs a promise per request on every route.
  registerResponseHeaders(app);
  installErrorHandling(app, bodyLimit);

  const authenticator =
    options.authenticator ?? (options.auth ? createAuthenticator(options.auth, app.log) : undefined);
  if (options.rateLimit !== false) await registerRateLimit(app, options.rateLimit ?? {});
  await app.register(authentication, { authenticator, publicPrefixes: [DOCS_PREFIX] });
  await registerOpenApi(app, {
    name: options.name,
    version: options.version,
    info: options.openapi,
    docs: options.docs ?? true,
  });
  const metrics = registerMetrics(app, options.name);
  registerHealthRoutes(app, {
    name: options.name,
    version: options.version,
    checks: options.ready ?? {},
    internalNotReady: () => authenticator?.notReadyReason(),
  });
  internals.set(app, { metrics, authenticator });
  return app;
}
