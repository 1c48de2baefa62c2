import type { ServiceApp } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import { checkIn, checkoutFile } from '../domain/checkout.js';
import type { LicensingDeps } from '../domain/context.js';
import { activateMachine, deactivateMachine, heartbeatMachine } from '../domain/machines.js';
import { listPublicKeys, rotateSigningKey } from '../domain/signing-keys.js';
import { validateLicense } from '../domain/validate-license.js';
import { type KeyRateLimitOptions, keyRateLimit } from './key-rate-limit.js';
import { ctxFor } from './request-context.js';
import {
  Checkout,
  Conflict,
  EntitlementCode,
  Fingerprint,
  Jwks,
  Machine,
  NotFound,
  Refused,
  ValidationResult,
} from './schemas.js';

/**
 * Routes for licensed software in the field. They are public on purpose: the signed license key in
 * the body is the credential (software cannot ship an admin token). A key longer than 8 KiB is a 400.
 */
const publicRoute = { public: true };
const Key = Type.String({ minLength: 1, maxLength: 8192, description: 'The license key (BWL1.…).' });
const KeyAndMachine = Type.Object({ key: Key, fingerprint: Fingerprint }, { additionalProperties: false });

export function registerPublicRoutes(
  app: ServiceApp,
  deps: LicensingDeps,
  options: { keyRateLimit: KeyRateLimitOptions | false },
): void {
  // Every route that takes a license key in its body is also limited per key (README, Rate limits).
  const preHandler = keyRateLimit(app, options.keyRateLimit);

  app.post(
    '/v1/licenses/validate',
    {
      config: publicRoute,
      preHandler,
      schema: {
        tags: ['validation'],
        description:
          'Validates a key. Always 200 with a code for any key string: VALID, NOT_FOUND, BAD_SIGNATURE, REVOKED, ' +
          'SUSPENDED, EXPIRED, PRODUCT_MISMATCH, ENTITLEMENTS_MISSING, TOO_MANY_MACHINES, NO_MACHINE, ' +
          'FINGERPRINT_MISMATCH, HEARTBEAT_DEAD (checked in this order).',
        body: Type.Object(
          {
            key: Key,
            fingerprint: Type.Optional(Fingerprint),
            product: Type.Optional(Type.String({ maxLength: 64 })),
            entitlements: Type.Optional(Type.Array(EntitlementCode, { maxItems: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ValidationResult },
      },
    },
    async (request) => validateLicense(deps, request.body),
  );

  app.post(
    '/v1/machines/activate',
    {
      config: publicRoute,
      preHandler,
      schema: {
        tags: ['machines'],
        body: Type.Object(
          {
            key: Key,
            fingerprint: Fingerprint,
            name: Type.Optional(Type.String({ maxLength: 200 })),
            platform: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Machine, 403: Refused, 404: NotFound, 409: Conflict },
      },
    },
    async (request, reply) => {
      const { key, ...machine } = request.body;
      return reply.code(201).send(await activateMachine(ctxFor(deps, request), { key }, machine));
    },
  );

  app.post(
    '/v1/machines/deactivate',
    {
      config: publicRoute,
      preHandler,
      schema: {
        tags: ['machines'],
        body: KeyAndMachine,
        response: { 204: Type.Null(), 403: Refused, 404: NotFound },
      },
    },
    async (request, reply) => {
      await deactivateMachine(ctxFor(deps, request), { key: request.body.key }, request.body.fingerprint);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/machines/heartbeat',
    {
      config: publicRoute,
      preHandler,
      schema: {
        tags: ['machines'],
        body: KeyAndMachine,
        response: { 200: Machine, 403: Refused, 404: NotFound, 409: Conflict },
      },
    },
    async (request) =>
      heartbeatMachine(ctxFor(deps, request), { key: request.body.key }, request.body.fingerprint),
  );

  const CheckoutBody = Type.Object(
    { key: Key, fingerprint: Type.Optional(Fingerprint), ttl: Type.Optional(Type.Integer({ minimum: 60 })) },
    { additionalProperties: false },
  );

  app.post(
    '/v1/licenses/checkout',
    {
      config: publicRoute,
      preHandler,
      schema: {
        tags: ['offline'],
        description: 'License file (or machine file with `fingerprint`) for the holder of the key.',
        body: CheckoutBody,
        response: { 200: Checkout, 403: Refused, 404: NotFound },
      },
    },
    async (request) => {
      const { key, ...input } = request.body;
      return checkoutFile(ctxFor(deps, request), { key }, input);
    },
  );

  app.post(
    '/v1/licenses/check-in',
    {
      config: publicRoute,
      preHandler,
      schema: {
        tags: ['offline'],
        description: 'Reports an offline install back and returns a fresh file.',
        body: CheckoutBody,
        response: { 200: Checkout, 403: Refused, 404: NotFound },
      },
    },
    async (request) => {
      const { key, ...input } = request.body;
      return checkIn(ctxFor(deps, request), { key }, input);
    },
  );

  app.get(
    '/v1/keys',
    {
      config: publicRoute,
      schema: {
        tags: ['keys'],
        description: 'Every public key that signed keys or files, current and retired (JWKS).',
        response: { 200: Jwks },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return listPublicKeys(deps);
    },
  );

  app.post(
    '/v1/keys/rotate',
    {
      config: { scope: 'tenants:admin' },
      schema: {
        tags: ['keys'],
        response: {
          200: Type.Object({
            active_kid: Type.String(),
            retired_kid: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => rotateSigningKey(ctxFor(deps, request)),
  );
}
