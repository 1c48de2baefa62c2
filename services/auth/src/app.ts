import type { Writable } from 'node:stream';
import { type Clock, systemClock, uuidv7 } from '@bulwark/core';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { AuthConfig } from './config.js';
import type { AuthDeps } from './context.js';
import { installAuthentication } from './http/authenticate.js';
import { installErrorHandler } from './http/error-handler.js';
import { registerFormParser } from './http/form-body.js';
import type { Pool } from './infra/db-types.js';
import { Keyring } from './keys/keyring.js';
import { adminRoutes } from './routes/admin/index.js';
import { healthRoutes } from './routes/health-routes.js';
import { introspectRevokeRoutes } from './routes/introspect-revoke-routes.js';
import { registerRoutes } from './routes/register-routes.js';
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
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;
/** Never log credentials, even at debug: redact the headers and form fields that carry them. */
const REDACT_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'];

export async function buildAuthApp(
  options: BuildAuthAppOptions,
): Promise<{ app: FastifyInstance; deps: AuthDeps }> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : uuidv7();
    },
    trustProxy: false,
    bodyLimit: 256 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  });
  const keyring = new Keyring({
    pool: options.pool,
    kek: options.kek,
    clock,
    alg: config.signingAlg,
    publishDelaySeconds: config.keyPublishDelay,
    rotationSeconds: config.keyRotationDays * 86_400,
    maxTokenTtlSeconds: config.maxTokenTtl,
  });
  const deps: AuthDeps = { config, pool: options.pool, redis: options.redis, keyring, clock, log: app.log };
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerFormParser(app);
  installErrorHandler(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Bulwark auth',
        version: '0.1.0',
        description: 'OAuth 2.x authorization server for AI agents',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  installAuthentication(app, deps);
  healthRoutes(app, deps);
  wellKnownRoutes(app, deps);
  tokenRoutes(app, deps);
  introspectRevokeRoutes(app, deps);
  registerRoutes(app, deps);
  scopedTokenRoutes(app, deps);
  adminRoutes(app, deps);
  return { app, deps };
}
