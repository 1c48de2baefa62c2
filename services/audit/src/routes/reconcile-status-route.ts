import { actorOf, type ServiceApp } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import type { Pool } from 'pg';
import { assertOperator, OPERATOR_SCOPE } from '../admin-queues/operator-access.js';
import { readSourceStatus } from '../reconcile/reconcile-state-sql.js';

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const ReconcileStatusSchema = Type.Object({
  sources: Type.Array(
    Type.Object({
      source: Type.String({ description: '`host:port/database` of the outbox' }),
      status: Type.Union([
        Type.Literal('pending'),
        Type.Literal('ok'),
        Type.Literal('skipped'),
        Type.Literal('failed'),
      ]),
      detail: Type.Union([Type.String(), Type.Null()], { description: 'Why a source was skipped or failed' }),
      last_run_at: Timestamp,
      watermark_at: Timestamp,
      rescan_requested_at: Timestamp,
      scanned: Type.Integer({
        description:
          'Dispatched outbox events compared in the last run (a batch row counts each of its events)',
      }),
      missing: Type.Integer({ description: 'Of those, rows the store did not hold' }),
      reenqueued: Type.Integer(),
      invalid: Type.Integer({ description: 'Missing rows that could not be re-enqueued' }),
      total_reenqueued: Type.Number(),
    }),
  ),
});

export function registerReconcileStatusRoute(
  app: ServiceApp,
  pool: Pool,
  adminTenants: readonly string[],
): void {
  app.get(
    '/v1/reconcile/status',
    {
      config: { scope: OPERATOR_SCOPE },
      schema: {
        summary: "The reconciler's last run per source outbox (operators only)",
        description:
          'Spans every tenant: needs `audit:admin` from a tenant listed in AUDIT_ADMIN_TENANTS, or the bootstrap admin credential (`*`).',
        tags: ['operations'],
        response: { 200: ReconcileStatusSchema },
      },
    },
    async (request) => {
      assertOperator(actorOf(request), adminTenants);
      return { sources: await readSourceStatus(pool) };
    },
  );
}
