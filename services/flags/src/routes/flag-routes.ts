import type { ServiceApp } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import type { FlagsDeps } from '../domain/context.js';
import {
  SCOPE_ADMIN,
  SCOPE_READ,
  archiveFlag,
  createFlag,
  getFlag,
  listFlags,
  setRollout,
  setVariants,
  toggleFlag,
} from '../domain/tenant-flags.js';
import { ctxFor } from './request-context.js';
import { ByName, CreateFlagBody, Flag, Problem, RolloutBody, ToggleBody, VariantsBody } from './schemas.js';

const read = { scope: SCOPE_READ, impliedByScopes: [SCOPE_ADMIN] };
const admin = { scope: SCOPE_ADMIN };
const tags = ['flags'];

/** `/v1/flags`: the caller's tenant's flags, wrapping Unleash's Admin API. Other tenants' flags are 404. */
export function registerFlagRoutes(app: ServiceApp, deps: FlagsDeps): void {
  app.get(
    '/v1/flags',
    { config: read, schema: { tags, response: { 200: Type.Object({ data: Type.Array(Flag) }) } } },
    async (request) => listFlags(ctxFor(deps, request)),
  );

  app.post(
    '/v1/flags',
    { config: admin, schema: { tags, body: CreateFlagBody, response: { 201: Flag, 409: Problem } } },
    async (request, reply) => reply.code(201).send(await createFlag(ctxFor(deps, request), request.body)),
  );

  app.get(
    '/v1/flags/:name',
    { config: read, schema: { tags, params: ByName, response: { 200: Flag, 404: Problem } } },
    async (request) => getFlag(ctxFor(deps, request), request.params.name),
  );

  app.post(
    '/v1/flags/:name/toggle',
    {
      config: admin,
      schema: { tags, params: ByName, body: ToggleBody, response: { 200: Flag, 404: Problem } },
    },
    async (request) => toggleFlag(ctxFor(deps, request), request.params.name, request.body.enabled),
  );

  app.put(
    '/v1/flags/:name/rollout',
    {
      config: admin,
      schema: { tags, params: ByName, body: RolloutBody, response: { 200: Flag, 404: Problem } },
    },
    async (request) => setRollout(ctxFor(deps, request), request.params.name, request.body.rollout),
  );

  app.put(
    '/v1/flags/:name/variants',
    {
      config: admin,
      schema: { tags, params: ByName, body: VariantsBody, response: { 200: Flag, 404: Problem } },
    },
    async (request) => setVariants(ctxFor(deps, request), request.params.name, request.body.variants),
  );

  app.delete(
    '/v1/flags/:name',
    { config: admin, schema: { tags, params: ByName, response: { 204: Type.Null(), 404: Problem } } },
    async (request, reply) => {
      await archiveFlag(ctxFor(deps, request), request.params.name);
      return reply.code(204).send(null);
    },
  );
}
