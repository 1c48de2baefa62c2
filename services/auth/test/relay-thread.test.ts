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
          `SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL AND payload->'target'->>'id' = $1`,
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
      const queued = await h.deps.redis.keys(`${h.config.redisPrefix}bull:audit:*`);
      expect(queued.length).toBeGreaterThan(0);
    } finally {
      await relay.stop();
    }
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);
  });
});
