import { actorOf, ProblemSchema, type ServiceApp } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import {
  checkBudget,
  createBudget,
  deleteBudget,
  listBudgets,
  type SuspendAgent,
} from '../domain/budgets.js';
import { BudgetCheckSchema, BudgetSchema } from './schemas.js';

const CheckInput = Type.Object(
  {
    agent_id: Type.String({ minLength: 1, maxLength: 200 }),
    units: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 1 })),
  },
  { additionalProperties: false },
);

export function registerBudgetRoutes(
  app: ServiceApp,
  ctx: { db: Pool; suspend?: SuspendAgent | undefined },
): void {
  app.post(
    '/v1/budgets',
    {
      config: { scope: 'billing:admin' },
      schema: {
        body: Type.Object(
          {
            agent_id: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
            limit_units: Type.Integer({ minimum: 1 }),
            period: Type.Union([Type.Literal('day'), Type.Literal('month')]),
            suspend_agent: Type.Optional(Type.Boolean({ default: false })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: BudgetSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const budget = await createBudget(
        { db: ctx.db, actor: actorOf(request) },
        {
          agentId: request.body.agent_id ?? null,
          limitUnits: request.body.limit_units,
          period: request.body.period,
          suspendAgent: request.body.suspend_agent ?? false,
        },
      );
      return reply.code(201).send(budget);
    },
  );

  app.get(
    '/v1/budgets',
    {
      config: { scope: 'billing:read' },
      schema: {
        response: {
          200: Type.Object({ data: Type.Array(BudgetSchema) }),
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request) => ({ data: await listBudgets(ctx.db, actorOf(request).tenantId) }),
  );

  app.delete(
    '/v1/budgets/:id',
    {
      config: { scope: 'billing:admin' },
      schema: {
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 204: Type.Null(), 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      await deleteBudget({ db: ctx.db, actor: actorOf(request) }, request.params.id);
      return reply.code(204).send(null);
    },
  );

  const check = async (request: FastifyRequest, input: { agent_id: string; units?: number | undefined }) =>
    checkBudget(
      {
        db: ctx.db,
        now: new Date(),
        suspend: ctx.suspend,
        onSuspendError: (error, target) =>
          request.log.warn(
            { ...target, reason: error instanceof Error ? error.message : String(error) },
            'budget suspension through auth failed; retried on the next check or ingest',
          ),
      },
      { tenantId: actorOf(request).tenantId, agentId: input.agent_id, units: input.units ?? 1 },
    );
  const checkResponse = {
    200: BudgetCheckSchema,
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
  };

  // GET for resource servers that ask before acting; POST for clients that prefer a body.
  app.get(
    '/v1/budgets/check',
    { config: { scope: 'billing:read' }, schema: { querystring: CheckInput, response: checkResponse } },
    async (request) => check(request, request.query),
  );
  app.post(
    '/v1/budgets/check',
    { config: { scope: 'billing:read' }, schema: { body: CheckInput, response: checkResponse } },
    async (request) => check(request, request.body),
  );
}
