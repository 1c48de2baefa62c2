import { createAuthenticator } from '@bulwark/service-kit';
import { decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgent } from './helpers/fixtures.js';
import { api, basic, form, type Harness, useAuthCluster } from './helpers/harness.js';
import { pollUntil, startVerifierService } from './helpers/verifier-service.js';

// Publish delay (2 s) above the replicas' key cache (1 s): a new key is in every instance's JWKS
// before any instance signs with it. Production defaults are 60 s and 5 s.
// The rotation test hammers the token endpoint; rate limits are tested in rate-limits.test.ts, so
// they are lifted here (a fast machine otherwise hits the per-client limit mid-hammer).
const [a, b] = useAuthCluster(2, {
  AUTH_KEY_PUBLISH_DELAY: '2',
  AUTH_KEY_CACHE_SECONDS: '1',
  AUTH_TOKEN_RATE_LIMIT_CLIENT: '1000000',
  AUTH_TOKEN_RATE_LIMIT_IP: '1000000',
  AUTH_INTROSPECT_RATE_LIMIT: '1000000',
}) as [Harness, Harness];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

const silent = { warn: () => undefined };

async function clientToken(h: Harness, agent: { id: string; secret: string }): Promise<string> {
  const res = await form(
    h,
    '/oauth/token',
    { grant_type: 'client_credentials', scope: 'email:read' },
    { authorization: basic(agent.id, agent.secret) },
  );
  if (res.status !== 200) throw new Error(`token on ${h.url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

const introspect = (h: Harness, token: string) =>
  form(h, '/oauth/introspect', { token }, { authorization: `Bearer ${h.adminKey}` });

describe('two auth instances on one Postgres and Redis', () => {
  it('a revocation made on A is seen at once by introspection on B, and by a verifier fed from B', async () => {
    const agent = await createAgent(a);
    const viaB = await clientToken(b, agent);
    const viaA = await clientToken(a, agent);
    expect((await introspect(b, viaA)).body.active).toBe(true);

    const revoked = await api(a, 'POST', '/v1/revocations', {
      key: a.adminKey,
      body: { kind: 'jti', value: decodeJwtId(viaA) },
    });
    expect(revoked.status).toBe(201);
    expect((await introspect(b, viaA)).body).toEqual({ active: false });
    expect((await introspect(b, viaB)).body.active).toBe(true);

    const verifier = await startVerifierService(b);
    closers.push(verifier.close);
    await verifier.app.ready();
    const probe = async () =>
      (await fetch(`${verifier.url}/probe`, { headers: { authorization: `Bearer ${viaB}` } })).status;
    expect(await probe()).toBe(200);
    expect((await api(a, 'POST', `/v1/agents/${agent.id}/revoke`, { key: a.adminKey })).status).toBe(200);
    expect((await introspect(b, viaB)).body).toEqual({ active: false });
    expect((await pollUntil(probe, 401, 1_000)).status).toBe(401);
  });

  it('keys rotate on A while tokens from both instances are verified on both: no failed verification', async () => {
    const agent = await createAgent(a);
    const verifiers = [a, b].map((h) =>
      createAuthenticator(
        {
          issuer: h.config.issuer,
          audiences: [h.config.audience],
          jwksUrl: `${h.url}/.well-known/jwks.json`,
          introspectionUrl: `${h.url}/oauth/introspect`,
        },
        silent,
      ),
    );
    const failures: string[] = [];
    const kidsByIssuer = new Map<string, Set<string>>([
      [a.url, new Set()],
      [b.url, new Set()],
    ]);
    let verified = 0;
    let running = true;
    const hammer = async () => {
      for (let i = 0; running; i++) {
        const issuer = i % 2 === 0 ? a : b;
        const token = await clientToken(issuer, agent);
        kidsByIssuer.get(issuer.url)?.add(String(decodeProtectedHeader(token).kid));
        for (const [index, verifier] of verifiers.entries()) {
          try {
            await verifier.authenticate(`Bearer ${token}`);
            verified++;
          } catch (error) {
            failures.push(`verifier ${index}: ${(error as Error).message}`);
          }
        }
        for (const h of [a, b]) {
          const answer = await introspect(h, token);
          if (answer.body.active !== true) failures.push(`introspection on ${h.url} said inactive`);
        }
      }
    };
    const load = [hammer(), hammer()];
    await sleep(300);
    const rotated = await api<{ kid: string; status: string }>(a, 'POST', '/v1/signing-keys/rotate', {
      key: a.adminKey,
      body: {},
    });
    expect(rotated.body.status).toBe('pending');
    await sleep(2_300);
    // The scheduled maintenance (every 60 s in server.ts) promotes the due pending key.
    await a.deps.keyring.maintain();
    await sleep(1_800);
    running = false;
    await Promise.all(load);

    expect(failures).toEqual([]);
    expect(verified).toBeGreaterThan(0);
    // Both instances switched to the new key during the run, and both had signed with the old one.
    for (const kids of kidsByIssuer.values()) {
      expect(kids.has(rotated.body.kid)).toBe(true);
      expect(kids.size).toBeGreaterThan(1);
    }
  });
});

function decodeJwtId(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    jti: string;
  };
  return payload.jti;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
