import { describe, expect, it } from 'vitest';
import { AuditRecorder } from '../src/index.js';
import type { AgentActionInput } from '../src/index.js';

// The batching logic alone: the sender is injected (end-to-end delivery to the real audit service is
// proven by apps/example-agent's test).
describe('AuditRecorder', () => {
  it('never blocks record(), batches by size, and flushes the rest on close', async () => {
    const batches: AgentActionInput[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const recorder = new AuditRecorder(
      async (events) => {
        await gate;
        batches.push(events);
        return { accepted: events.length, ids: events.map((e) => e.id as string), replayed: [] };
      },
      { maxBatch: 2, flushIntervalMs: 60_000 },
    );
    for (let i = 0; i < 5; i += 1) recorder.record({ action: `agent.action.t${i}` });
    expect(batches).toHaveLength(0); // record() returned while the sender was still blocked
    release();
    await recorder.close();
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    const ids = batches.flat().map((e) => e.id);
    expect(new Set(ids).size).toBe(5);
    expect(() => recorder.record({ action: 'agent.action.late' })).toThrow(/closed/);
  });

  it('retries a failed batch once with the same ids, then reports it', async () => {
    const seen: string[][] = [];
    const errors: unknown[] = [];
    let failures = 1;
    const recorder = new AuditRecorder(
      async (events) => {
        seen.push(events.map((e) => e.id as string));
        if (failures-- > 0) throw new Error('audit down');
        return { accepted: events.length, ids: [], replayed: [] };
      },
      { flushIntervalMs: 60_000, onError: (e) => errors.push(e) },
    );
    recorder.record({ action: 'agent.action.x' });
    await recorder.close();
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect(recorder.pending).toBe(0);
    expect(errors).toHaveLength(1);
  });
});
