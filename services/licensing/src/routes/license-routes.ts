import type { ServiceApp } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import { checkoutFile } from '../domain/checkout.js';
import type { LicensingDeps } from '../domain/context.js';
import { licenseEntitlements, ownerEntitlements } from '../domain/entitlements.js';
import { deleteLicense, updateLicense } from '../domain/license-edits.js';
import { createLicense, getLicense, listLicenses } from '../domain/licenses.js';
import {
  reinstateLicense,
  renewLicense,
  revokeLicense,
  suspendLicense,
  transferLicense,
} from '../domain/lifecycle.js';
import { activateMachine, deleteMachine, listMachines } from '../domain/machines.js';
import { ctxFor } from './request-context.js';
import { adminRoute, readRoute } from './route-scopes.js';
import {
  Checkout,
  Conflict,
  CreatedLicense,
  Empty,
  EntitlementCode,
  Entitlements,
  Fingerprint,
  IdempotencyHeaders,
  License,
  LicenseId,
  LicenseStatus,
  Machine,
  MachineId,
  Metadata,
  NotFound,
  Owner,
  OwnerEntitlements,
  OwnerType,
  Page,
  PageQuery,
  PolicyId,
  Refused,
  Unchangeable,
} from './schemas.js';

const admin = adminRoute;
const read = readRoute;
const ById = Type.Object({ id: LicenseId });

export function registerLicenseRoutes(app: ServiceApp, deps: LicensingDeps): void {
  app.post(
    '/v1/licenses',
    {
      config: admin,
      schema: {
        tags: ['licenses'],
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            policy_id: PolicyId,
            owner: Owner,
            expires_at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
            entitlements: Type.Optional(Type.Array(EntitlementCode, { maxItems: 200 })),
            metadata: Type.Optional(Metadata),
          },
          { additionalProperties: false },
        ),
        response: { 201: CreatedLicense, 404: NotFound, 409: Conflict },
      },
    },
    async (request, reply) => {
      const license = await createLicense(
        ctxFor(deps, request),
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.code(201).send(license);
    },
  );

  app.get(
    '/v1/licenses',
    {
      config: read,
      schema: {
        tags: ['licenses'],
        querystring: Type.Composite([
          PageQuery,
          Type.Object({
            owner_type: Type.Optional(OwnerType),
            owner_id: Type.Optional(Type.String({ maxLength: 200 })),
            status: Type.Optional(LicenseStatus),
          }),
        ]),
        response: { 200: Page(License) },
      },
    },
    async (request) =>
      listLicenses(ctxFor(deps, request), {
        ...request.query,
        ownerType: request.query.owner_type,
        ownerId: request.query.owner_id,
      }),
  );

  app.get(
    '/v1/licenses/:id',
    {
      config: read,
      schema: {
        tags: ['licenses'],
        description:
          'License metadata. The key itself is shown once, at creation, and never again (only `key_hint`); ' +
          'a lost key is replaced by issuing a new license and revoking or deleting this one.',
        params: ById,
        response: { 200: License, 404: NotFound },
      },
    },
    async (request) => getLicense(ctxFor(deps, request), request.params.id),
  );

  app.patch(
    '/v1/licenses/:id',
    {
      config: admin,
      schema: {
        tags: ['licenses'],
        description:
          'Changes expiry, extra entitlements or metadata (status: lifecycle verbs; owner: transfer). ' +
          "The key is not re-signed: validation and new files see the change, the key's claims do not.",
        params: ById,
        body: Type.Object(
          {
            expires_at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
            entitlements: Type.Optional(Type.Array(EntitlementCode, { maxItems: 200 })),
            metadata: Type.Optional(Metadata),
            status: Unchangeable('use suspend, reinstate, revoke or renew.'),
            owner: Unchangeable('use transfer.'),
            policy_id: Unchangeable('issue a new license under the other policy.'),
          },
          { additionalProperties: false },
        ),
        response: { 200: License, 404: NotFound },
      },
    },
    async (request) => updateLicense(ctxFor(deps, request), request.params.id, request.body),
  );

  app.delete(
    '/v1/licenses/:id',
    {
      config: admin,
      schema: {
        tags: ['licenses'],
        description:
          'Deletes the license and its machines; its key then validates as NOT_FOUND. Revoke keeps history.',
        params: ById,
        response: { 204: Empty, 404: NotFound },
      },
    },
    async (request, reply) => {
      await deleteLicense(ctxFor(deps, request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  const lifecycle = [
    ['suspend', suspendLicense],
    ['reinstate', reinstateLicense],
    ['revoke', revokeLicense],
    ['renew', renewLicense],
  ] as const;
  for (const [verb, run] of lifecycle) {
    app.post(
      `/v1/licenses/:id/${verb}`,
      {
        config: admin,
        schema: {
          tags: ['lifecycle'],
          params: ById,
          response: { 200: License, 404: NotFound, 409: Conflict },
        },
      },
      async (request) => run(ctxFor(deps, request), request.params.id),
    );
  }

  app.post(
    '/v1/licenses/:id/transfer',
    {
      config: admin,
      schema: {
        tags: ['lifecycle'],
        params: ById,
        body: Type.Object({ owner: Owner }, { additionalProperties: false }),
        response: { 200: License, 404: NotFound, 409: Conflict },
      },
    },
    async (request) => transferLicense(ctxFor(deps, request), request.params.id, request.body.owner),
  );

  app.get(
    '/v1/licenses/:id/machines',
    {
      config: read,
      schema: { tags: ['machines'], params: ById, response: { 200: Type.Array(Machine), 404: NotFound } },
    },
    async (request) => listMachines(ctxFor(deps, request), request.params.id),
  );

  app.post(
    '/v1/licenses/:id/machines',
    {
      config: admin,
      schema: {
        tags: ['machines'],
        description: 'Activates a machine on behalf of a customer (air-gapped installs).',
        params: ById,
        body: Type.Object(
          {
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
      const machine = await activateMachine(
        ctxFor(deps, request),
        { licenseId: request.params.id },
        request.body,
      );
      return reply.code(201).send(machine);
    },
  );

  app.delete(
    '/v1/machines/:id',
    {
      config: admin,
      schema: {
        tags: ['machines'],
        params: Type.Object({ id: MachineId }),
        response: { 204: Empty, 404: NotFound },
      },
    },
    async (request, reply) => {
      await deleteMachine(ctxFor(deps, request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/licenses/:id/checkout',
    {
      config: admin,
      schema: {
        tags: ['offline'],
        description:
          'Checks out a license file, or a machine file when `fingerprint` is given, for an air-gapped site.',
        params: ById,
        body: Type.Object(
          { fingerprint: Type.Optional(Fingerprint), ttl: Type.Optional(Type.Integer({ minimum: 60 })) },
          { additionalProperties: false },
        ),
        response: { 200: Checkout, 403: Refused, 404: NotFound },
      },
    },
    async (request) => checkoutFile(ctxFor(deps, request), { licenseId: request.params.id }, request.body),
  );

  app.get(
    '/v1/licenses/:id/entitlements',
    {
      config: read,
      schema: { tags: ['entitlements'], params: ById, response: { 200: Entitlements, 404: NotFound } },
    },
    async (request) => licenseEntitlements(ctxFor(deps, request), request.params.id),
  );

  app.get(
    '/v1/entitlements',
    {
      config: read,
      schema: {
        tags: ['entitlements'],
        description: 'What an owner (user, customer or tenant id) is entitled to across its active licenses.',
        querystring: Type.Object({
          owner: Type.String({ minLength: 1, maxLength: 200 }),
          owner_type: Type.Optional(OwnerType),
        }),
        response: { 200: OwnerEntitlements },
      },
    },
    async (request) =>
      ownerEntitlements(ctxFor(deps, request), request.query.owner, request.query.owner_type),
  );
}
