import type { Writable } from 'node:stream';
import { type Clock, systemClock } from '@bulwark/core';
import { buildService, type ServiceApp } from '@bulwark/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { AuthConfig } from './config.js';
import type { AuthDeps } from './context.js';
import { registerFormParser } from './http/form-body.js';
import { localAuthenticator } from './http/local-authenticator.js';
import { oauthAsProblem, oauthErrorHandler } from './http/oauth-errors.js';
import { SigningThread } from './keys/signing-thread.js';
import { AuditGroupCommit } from './infra/audit-group-commit.js';
import { AuthState } from './infra/auth-state.js';
import type { Pool } from './infra/db-types.js';
import { RevocationFeed } from './infra/revocation-feed.js';
import { Keyring } from './keys/keyring.js';
import { adminRoutes } from './routes/admin/index.js';
import { introspectRevokeRoutes } from './routes/introspect-revoke-routes.js';
import { registerRoutes } from './routes/register-routes.js';
import { revocationStreamRoutes } from './routes/revocation-stream-routes.js';
import { scopedTokenRoutes } from './routes/scoped-token-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { wellKnownRoutes } from './routes/well-known-routes.js';

export interface BuildAuthAppOptions {
  config: AuthConfig;
  pool: Pool;
  redis: Redis;
  kek: Buffer;
  clock?: Clock;
  /** Where JSON log lines go (tests capture them to prove no secret is logged). */
  logStream?: Writable;
  /**
   * Build routes only, touching no store (the OpenAPI generator): no Redis rate-limit store and no
   * revocation subscriber.
   */
  documentOnly?: boolean;
}

export const AUTH_VERSION = '0.1.0';

/**
 * The auth HTTP app on service-kit: request ids, problem+json, health/readiness, metrics, OpenAPI,
 * helmet and rate limits come from `buildService`; bearer credentials are checked in-process
 * (`localAuthenticator`). `/oauth/*` routes sit in a plugin whose error handler speaks RFC 6749.
 */
export async function buildAuthApp(
  options: BuildAuthAppOptions,
): Promise<{ app: ServiceApp; deps: AuthDeps }> {
  const { config, pool, redis } = options;
  const clock = options.clock ?? systemClock;
  const keyring = new Keyring({
    pool,
    kek: options.kek,
    clock,
    alg: config.signingAlg,
    publishDelaySeconds: config.keyPublishDelay,
    rotationSeconds: config.keyRotationDays * 86_400,
    maxTokenTtlSeconds: config.maxTokenTtl,
    cacheSeconds: config.keyCacheSeconds,
  });
  let deps: AuthDeps | undefined;
  const app = await buildService({
    name: 'auth',
    version: AUTH_VERSION,
    logger: {
      level: config.logLevel,
      redact: ['headers.authorization'],
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    authenticator: localAuthenticator(() => deps as AuthDeps),
    ready: { postgres: () => pool.query('SELECT 1'), redis: () => redis.ping() },
    bodyLimit: 256 * 1024,
    rateLimit: {
      max: config.apiRateLimit,
      ...(options.documentOnly ? {} : { redis: { url: config.redisUrl, prefix: config.redisPrefix } }),
    },
    openapi: { title: 'Bulwark auth', description: 'OAuth 2.x authorization server for AI agents' },
  });
  const state = new AuthState({ pool, redis, prefix: config.redisPrefix, clock, log: app.log });
  const auditCommits = new AuditGroupCommit(pool, {
    maxInFlight: config.auditCommitsInFlight,
    relayWakeGapMs: config.auditRelayWakeGapMs,
  });
  const signer =
    config.signingThread && !options.documentOnly
      ? new SigningThread(app.log, { signingKid: () => keyring.cachedSigningKid() })
      : undefined;
  deps = {
    config,
    pool,
    redis,
    keyring,
    clock,
    log: app.log,
    state,
    auditCommits,
    signer,
  };
  const feed = new RevocationFeed({ redis, prefix: config.redisPrefix, log: app.log });
  if (!options.documentOnly) {
    app.addHook('onReady', () => feed.start());
    app.addHook('onReady', () => state.start());
    app.addHook('onClose', () => feed.close());
    app.addHook('onClose', () => state.close());
    // The last relay wake-up is sent before the pool closes.
    app.addHook('onClose', () => auditCommits.settleWakeups());
  }
  if (signer) app.addHook('onClose', () => signer.close());
  registerFormParser(app);
  wellKnownRoutes(app, deps);
  const ready = deps;
  await app.register(async (oauth: FastifyInstance) => {
    oauth.setErrorHandler(oauthErrorHandler);
    tokenRoutes(oauth, ready);
    introspectRevokeRoutes(oauth, ready);
    registerRoutes(oauth, ready);
  });
  await app.register(async (v1: FastifyInstance) => {
    v1.setErrorHandler(oauthAsProblem);
    scopedTokenRoutes(v1, ready);
    revocationStreamRoutes(v1, ready, feed);
    adminRoutes(v1, ready);
  });
  return { app, deps };
}
