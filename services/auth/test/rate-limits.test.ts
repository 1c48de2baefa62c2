import { describe, expect, it } from 'vitest';
import { createAgent } from './helpers/fixtures.js';
import { basic, form, useAuthServer } from './helpers/harness.js';

// Tiny limits so a handful of requests crosses them (both are per minute, shared through Redis).
const h = useAuthServer({ AUTH_TOKEN_RATE_LIMIT_CLIENT: '3', AUTH_INTROSPECT_RATE_LIMIT: '3' });

/** Fixed one-minute windows: start a sequence well inside one so it cannot straddle two. */
async function awayFromWindowEdge(): Promise<void> {
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 57_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoWindow));
}

describe('abuse limits', () => {
  it('the token endpoint answers 429 rate_limited with Retry-After past the per-client limit', async () => {
    const agent = await createAgent(h);
    await awayFromWindowEdge();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof form>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await form(
        h,
        '/oauth/token',
        { grant_type: 'client_credentials', scope: 'email:read' },
        {
          authorization: basic(agent.id, agent.secret),
        },
      );
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(last?.body.error).toBe('rate_limited');
    const retryAfter = Number(last?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('introspection answers 429 rate_limited with Retry-After past the per-IP limit', async () => {
    await awayFromWindowEdge();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof form>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await form(
        h,
        '/oauth/introspect',
        { token: 'not-a-token' },
        {
          authorization: `Bearer ${h.adminKey}`,
        },
      );
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(last?.body.error).toBe('rate_limited');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
