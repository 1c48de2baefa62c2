import { createTestClock } from '@bulwark/core';
import { useTestDatabase } from '@bulwark/testing';
import { describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { PartitionGuard } from '../src/db/partitions.js';
import { storeEventBatch } from '../src/domain/chain/store-events.js';
import { verifyChain } from '../src/domain/chain/verify-chain.js';
import { Kek } from '../src/domain/checkpoints/kek.js';
import { enforceRetention } from '../src/domain/retention/enforce-retention.js';
import { agentEvent } from './support/events.js';

const db = useTestDatabase(migrationSources);
const kek = Kek.parse(Kek.generateEncoded());

describe('retention', () => {
  it('drops whole expired partitions, anchors the chain with a signed checkpoint, and audits the drop', async () => {
    const guard = new PartitionGuard(db.pool);
    const old = [1, 2, 3].map((d) => agentEvent('ten_r', { occurred_at: `2021-03-0${d}T00:00:00.000Z` }));
    const recent = [agentEvent('ten_r'), agentEvent('ten_r')];
    await storeEventBatch(db.pool, guard, old);
    await storeEventBatch(db.pool, guard, recent);
    await db.pool.query("INSERT INTO retention (tenant_id, days) VALUES ('ten_r', 30)");

    const result = await enforceRetention(db.pool, guard, kek, {
      clock: createTestClock(Date.now()),
      defaultDays: 90,
    });
    expect(result.dropped).toContainEqual({ partition: 'audit_events_2021_03', tenants: 1 });
    const left = await db.pool.query("SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = 'ten_r'");
    expect(left.rows[0].n).toBe(2);
    const report = await verifyChain(db.pool, 'ten_r');
    expect(report).toMatchObject({ ok: true, from_seq: 4, events_checked: 2, checkpoints_checked: 1 });
    const audited = await db.pool.query(
      "SELECT payload FROM outbox WHERE payload->>'action' = 'audit.partition.drop'",
    );
    expect(audited.rows[0].payload).toMatchObject({
      tenant_id: 'ten_r',
      target: { id: 'audit_events_2021_03' },
    });
    // Recent partitions stay.
    expect(
      (await enforceRetention(db.pool, guard, kek, { clock: createTestClock(Date.now()), defaultDays: 90 }))
        .dropped,
    ).toEqual([]);
  });
});
