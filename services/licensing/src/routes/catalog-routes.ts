import type { ServiceApp } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import type { LicensingDeps } from '../domain/context.js';
import { createPolicy, getPolicy, listPolicies } from '../domain/policies.js';
import { deletePolicy, updatePolicy } from '../domain/policy-edits.js';
import { createProduct, deleteProduct, getProduct, listProducts, updateProduct } from '../domain/products.js';
import { ctxFor } from './request-context.js';
import { adminRoute, readRoute } from './route-scopes.js';
import {
  Conflict,
  Empty,
  EntitlementCode,
  IdempotencyHeaders,
  Metadata,
  NotFound,
  Page,
  PageQuery,
  Policy,
  PolicyId,
  Product,
  ProductId,
  Unchangeable,
} from './schemas.js';

const admin = adminRoute;
const read = readRoute;
const Seconds = (max: number) => Type.Integer({ minimum: 1, maximum: max });

/** Policy settings that may be given at creation and changed later. */
const policySettings = {
  duration_seconds: Type.Optional(Type.Union([Seconds(100 * 365 * 86_400), Type.Null()])),
  max_machines: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()])),
  heartbeat_interval_seconds: Type.Optional(Type.Union([Seconds(365 * 86_400), Type.Null()])),
  dead_machine_strategy: Type.Optional(Type.Union([Type.Literal('keep'), Type.Literal('deactivate')])),
  grace_period_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 * 86_400 })),
  overage_machines: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  entitlements: Type.Optional(Type.Array(EntitlementCode, { maxItems: 200 })),
  offline_allowed: Type.Optional(Type.Boolean()),
  file_ttl_seconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 10 * 365 * 86_400 })),
  metadata: Type.Optional(Metadata),
};

export function registerCatalogRoutes(app: ServiceApp, deps: LicensingDeps): void {
  app.post(
    '/v1/products',
    {
      config: admin,
      schema: {
        tags: ['products'],
        headers: IdempotencyHeaders,
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), metadata: Type.Optional(Metadata) },
          { additionalProperties: false },
        ),
        response: { 201: Product, 409: Conflict },
      },
    },
    async (request, reply) => {
      const product = await createProduct(ctxFor(deps, request), {
        ...request.body,
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.code(201).send(product);
    },
  );

  app.get(
    '/v1/products',
    {
      config: read,
      schema: { tags: ['products'], querystring: PageQuery, response: { 200: Page(Product) } },
    },
    async (request) => listProducts(ctxFor(deps, request), request.query),
  );

  app.get(
    '/v1/products/:id',
    {
      config: read,
      schema: {
        tags: ['products'],
        params: Type.Object({ id: ProductId }),
        response: { 200: Product, 404: NotFound },
      },
    },
    async (request) => getProduct(ctxFor(deps, request), request.params.id),
  );

  app.patch(
    '/v1/products/:id',
    {
      config: admin,
      schema: {
        tags: ['products'],
        params: Type.Object({ id: ProductId }),
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            metadata: Type.Optional(Metadata),
          },
          { additionalProperties: false },
        ),
        response: { 200: Product, 404: NotFound },
      },
    },
    async (request) => updateProduct(ctxFor(deps, request), request.params.id, request.body),
  );

  app.delete(
    '/v1/products/:id',
    {
      config: admin,
      schema: {
        tags: ['products'],
        params: Type.Object({ id: ProductId }),
        response: { 204: Empty, 404: NotFound, 409: Conflict },
      },
    },
    async (request, reply) => {
      await deleteProduct(ctxFor(deps, request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/policies',
    {
      config: admin,
      schema: {
        tags: ['policies'],
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            product_id: ProductId,
            name: Type.String({ minLength: 1, maxLength: 200 }),
            machine_mode: Type.Optional(Type.Union([Type.Literal('floating'), Type.Literal('node_locked')])),
            ...policySettings,
          },
          { additionalProperties: false },
        ),
        response: { 201: Policy, 404: NotFound, 409: Conflict },
      },
    },
    async (request, reply) => {
      const policy = await createPolicy(
        ctxFor(deps, request),
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.code(201).send(policy);
    },
  );

  app.get(
    '/v1/policies',
    {
      config: read,
      schema: {
        tags: ['policies'],
        querystring: Type.Composite([PageQuery, Type.Object({ product_id: Type.Optional(ProductId) })]),
        response: { 200: Page(Policy) },
      },
    },
    async (request) =>
      listPolicies(ctxFor(deps, request), { ...request.query, productId: request.query.product_id }),
  );

  app.get(
    '/v1/policies/:id',
    {
      config: read,
      schema: {
        tags: ['policies'],
        params: Type.Object({ id: PolicyId }),
        response: { 200: Policy, 404: NotFound },
      },
    },
    async (request) => getPolicy(ctxFor(deps, request), request.params.id),
  );

  app.patch(
    '/v1/policies/:id',
    {
      config: admin,
      schema: {
        tags: ['policies'],
        description:
          'Changes a policy. Product and machine_mode cannot change. Keys already issued are not re-signed: ' +
          "online validation and new files use the new settings, a key's own claims stay as issued.",
        params: Type.Object({ id: PolicyId }),
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            ...policySettings,
            product_id: Unchangeable('create a policy for the other product.'),
            machine_mode: Unchangeable('create a new policy.'),
          },
          { additionalProperties: false },
        ),
        response: { 200: Policy, 404: NotFound },
      },
    },
    async (request) => updatePolicy(ctxFor(deps, request), request.params.id, request.body),
  );

  app.delete(
    '/v1/policies/:id',
    {
      config: admin,
      schema: {
        tags: ['policies'],
        description: 'Deletes a policy no license was issued under (409 otherwise).',
        params: Type.Object({ id: PolicyId }),
        response: { 204: Empty, 404: NotFound, 409: Conflict },
      },
    },
    async (request, reply) => {
      await deletePolicy(ctxFor(deps, request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
