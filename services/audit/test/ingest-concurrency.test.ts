import { uuidv7 } from '@bulwark/core';
import type { ServiceApp } from '@bulwark/service-kit';
import { type ServedTestIssuer, useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestAuditApp } from './support/test-audit-app.js';
import { migrationSources } from '../src/db/migration-sources.js';

const db = useTestDatabase(migrationSources, { poolMax: 6 });
const redis = useRedisPrefix();
let app: ServiceApp;
let served: ServedTestIssuer;
let agentA: string;
let agentB: string;

beforeAll(async () => {
  const built = await buildTestAuditApp(db.pool, redis, { rateLimit: false });
  ({ app, served } = built);
  const { issuer } = built;
  const agent = (tenant: string) =>
    issuer.mint({
      sub: 'usr_alice',
      client_id: 'agt_mail',
      act: { sub: 'agt_mail' },
      tenant_id: tenant,
      scope: 'audit:write',
    });
  agentA = await agent('ten_a');
  agentB = await agent('ten_b');
});
afterAll(async () => {
  await app?.close();
  await served?.close();
});

function ingest(token: string, events: object[]) {
  return app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { authorization: `Bearer ${token}` },
    payload: { events },
  });
}

const action = (n: number) => ({ action: 'agent.action.doc.read', target: { type: 'doc', id: `doc_${n}` } });

async function outboxRows(): Promise<Map<string, { tenant: string; copies: number }>> {
  const rows = await db.pool.query<{ id: string; tenant: string; copies: number }>(
    `SELECT id, payload ->> 'tenant_id' AS tenant, count(*)::int AS copies FROM outbox
      WHERE topic = 'audit' GROUP BY 1, 2`,
  );
  return new Map(rows.rows.map((row) => [row.id, { tenant: row.tenant, copies: row.copies }]));
}

describe('POST /v1/events under concurrency', () => {
  it('answers each concurrent request by its own outcome: shared commits, replays, conflicts, bad input', async () => {
    const known = uuidv7();
    const takenByB = uuidv7();
    expect((await ingest(agentA, [{ id: known, ...action(0) }])).statusCode).toBe(202);
    expect((await ingest(agentB, [{ id: takenByB, ...action(0) }])).statusCode).toBe(202);
    const before = await outboxRows();

    const fresh = Array.from({ length: 24 }, (_, i) => ingest(agentA, [action(i), action(i + 100)]));
    const replayNew = uuidv7();
    const replay = ingest(agentA, [
      { id: known, ...action(1) },
      { id: replayNew, ...action(2) },
    ]);
    const foreignNew = uuidv7();
    const foreign = ingest(agentA, [
      { id: foreignNew, ...action(3) },
      { id: takenByB, ...action(4) },
    ]);
    const forged = ingest(agentA, [action(5), { ...action(6), actor: { type: 'user', id: 'usr_ceo' } }]);
    const nul = ingest(agentA, [
      action(7),
      { action: 'agent.action.doc.read', target: { type: 'doc', id: 'a\u0000b' } },
    ]);
    const [freshAnswers, replayed, conflicted, refused, nulRefused] = await Promise.all([
      Promise.all(fresh),
      replay,
      foreign,
      forged,
      nul,
    ]);

    expect(freshAnswers.map((res) => res.statusCode)).toEqual(fresh.map(() => 202));
    expect(replayed.statusCode).toBe(202);
    expect(replayed.json()).toMatchObject({ accepted: 2, ids: [known, replayNew], replayed: [known] });
    expect(conflicted.statusCode).toBe(409);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ field: '/events/1/actor' }));
    expect(nulRefused.statusCode).toBe(400);
    expect(nulRefused.json().errors).toEqual([
      { field: '/events/1', message: 'NUL characters are not allowed.' },
    ]);

    const after = await outboxRows();
    const freshIds: string[] = freshAnswers.flatMap((res) => res.json().ids);
    expect(new Set(freshIds).size).toBe(48);
    // Every acknowledged event exactly once, in its tenant; nothing of the refused requests.
    for (const id of [...freshIds, replayNew]) expect(after.get(id)).toEqual({ tenant: 'ten_a', copies: 1 });
    expect(after.get(known)).toEqual({ tenant: 'ten_a', copies: 1 });
    expect(after.get(takenByB)).toEqual({ tenant: 'ten_b', copies: 1 });
    expect(after.has(foreignNew)).toBe(false);
    expect(after.size).toBe(before.size + freshIds.length + 1);
  });

  it('replays a batch of client ids without writing, and stores a new id sent twice at once exactly once', async () => {
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    const batch = ids.map((id, i) => ({ id, ...action(i) }));
    const first = await ingest(agentA, batch);
    expect(first.json()).toMatchObject({ accepted: 3, replayed: [] });
    const before = await outboxRows();
    const [again, twice] = await Promise.all([ingest(agentA, batch), ingest(agentA, batch)]);
    for (const res of [again, twice]) {
      expect(res.statusCode).toBe(202);
      expect([...res.json().replayed].sort()).toEqual([...ids].sort());
    }
    expect((await outboxRows()).size).toBe(before.size);

    // The same new id in two racing requests: one stores it; the other replays it or, when the two
    // statements overlap, answers 409 (its retry is then a replay). Never two copies.
    const racing = uuidv7();
    const answers = await Promise.all([0, 1].map(() => ingest(agentA, [{ id: racing, ...action(9) }])));
    for (const res of answers) expect([202, 409]).toContain(res.statusCode);
    expect(answers.filter((res) => res.statusCode === 202 && res.json().replayed.length === 0)).toHaveLength(
      1,
    );
    expect((await outboxRows()).get(racing)).toEqual({ tenant: 'ten_a', copies: 1 });
  });
});
