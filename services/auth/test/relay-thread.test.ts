import { jobItems, openQueue } from '@bulwark/queue';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { startRelayThread } from '../src/infra/relay-thread.js';
import { createAgent } from './helpers/fixtures.js';
import { basic, form, useAuthServer } from './helpers/harness.js';

const h = useAuthServer();

describe('outbox relay on its worker thread', () => {
  it('moves committed audit events into BullMQ and stops cleanly', async () => {
    const agent = await createAgent(h);
    const issued = await form(
      h,
      '/oauth/token',
      { grant_type: 'client_credentials' },
      { authorization: basic(agent.id, agent.secret) },
    );
    expect(issued.status).toBe(200);
    const jti = decodeJwt(issued.body.access_token as string).jti as string;
    const pending = async () =>
      (
        await h.deps.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM outbox_events WHERE dispatched_at IS NULL AND payload->'target'->>'id' = $1`,
          [jti],
        )
      ).rows[0]?.n;
    expect(await pending()).toBe('1');

    const lines: string[] = [];
    const collect = (level: string) => (_obj: object, msg?: string) => lines.push(`${level} ${msg ?? ''}`);
    const relay = startRelayThread(
      { databaseUrl: h.config.databaseUrl, redisUrl: h.config.redisUrl, prefix: h.config.redisPrefix },
      { info: collect('info'), warn: collect('warn'), error: collect('error') },
    );
    try {
      const deadline = Date.now() + 15_000;
      while ((await pending()) !== '0' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await pending()).toBe('0');
      // The issuance went in as an outbox batch row; on the queue it is an envelope item like any other.
      const queue = openQueue('audit', { connection: h.deps.redis, prefix: h.config.redisPrefix });
      try {
        const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
        const items = jobs.flatMap((job) => jobItems('audit', job) ?? []) as { target?: { id?: string } }[];
        expect(items.filter((item) => item.target?.id === jti)).toHaveLength(1);
      } finally {
        await queue.close();
      }
    } finally {
      await relay.stop();
    }
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);
  });
});
