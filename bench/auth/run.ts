/**
 * Auth benchmarks (see README.md), each against a peer measured in this run, audit on (outbox + relay):
 * 1. client_credentials issuance, 50 connections: Bulwark auth vs node-oidc-provider 9 (JWT access
 *    tokens) vs a minimal fastify + jose ES256 signer — targets ≥ 1.5× oidc-provider, ≥ 0.7× minimal,
 *    p99 < 25 ms;
 * 2. introspection req/s (target ≥ 5,000/s);
 * 3. service-kit local verification vs a bare `jose.jwtVerify` loop, in process (target ≥ 90 %).
 */
import { importJWK, jwtVerify } from 'jose';
import { createAuthenticator } from '../../packages/service-kit/src/index.js';
import { basic, type LoadResult, load, show } from './load.js';
import { PEER_CLIENT, startMinimalSigner, startOidcProvider } from './peers.js';
import { type StartedAuth, startAuth } from './start-auth.js';

const ROUNDS = 3;

async function issuance(auth: StartedAuth) {
  const oidc = await startOidcProvider();
  const minimal = await startMinimalSigner();
  const form = 'grant_type=client_credentials&scope=email%3Aread';
  const targets = [
    { name: 'bulwark auth', url: `${auth.url}/oauth/token`, auth: basic(auth.agent.id, auth.agent.secret) },
    { name: 'node-oidc-provider 9', url: oidc.url, auth: basic(PEER_CLIENT.id, PEER_CLIENT.secret) },
    { name: 'minimal fastify+jose', url: minimal.url, auth: basic(PEER_CLIENT.id, PEER_CLIENT.secret) },
  ];
  // Sanity: each endpoint issues a token with this exact request before it is loaded.
  for (const t of targets) {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: t.auth },
      body: form,
    });
    const body = (await res.json()) as { access_token?: string };
    if (!res.ok || !body.access_token)
      throw new Error(`${t.name} did not issue a token: ${res.status} ${JSON.stringify(body)}`);
  }
  // The machine is shared: background load drifts over a run. Three interleaved rounds (each server
  // once per round, in rotating order), and each server's best round is compared — the same rule
  // as the local-verification comparison below. Every round is printed.
  for (const t of targets) await load(t.url, form, t.auth, 2); // warm-up (JIT, pools)
  // Start from a clean checkpoint: dirty buffers left by whatever ran before (a test run creates and
  // drops hundreds of databases) would otherwise be flushed during the rounds and slow the fsyncs of
  // the one server here that writes to Postgres (2026-11-29: a run started right after a test run had
  // all three bulwark rounds ~12 % below the runs around it; write-back is the likely cause, not
  // proven). Needs a superuser, as here.
  await auth.deps.pool.query('CHECKPOINT').catch((error: unknown) => {
    console.log(
      `(no CHECKPOINT before the rounds: ${error instanceof Error ? error.message : String(error)})`,
    );
  });
  const results = new Map<string, LoadResult>();
  for (let round = 0; round < ROUNDS; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length] as (typeof targets)[number]);
    for (const t of order) {
      const r = await load(t.url, form, t.auth);
      show(`${t.name} (round ${round + 1})`, r);
      const best = results.get(t.name);
      if (!best || r.rps > best.rps) results.set(t.name, r);
    }
  }
  for (const t of targets) show(`${t.name} best`, results.get(t.name) as LoadResult);
  await oidc.close();
  await minimal.close();
  const ours = results.get('bulwark auth') as LoadResult;
  const op = results.get('node-oidc-provider 9') as LoadResult;
  const min = results.get('minimal fastify+jose') as LoadResult;
  console.log(`ratio bulwark / oidc-provider = ${(ours.rps / op.rps).toFixed(2)}  (target >= 1.5)`);
  console.log(`ratio bulwark / minimal       = ${(ours.rps / min.rps).toFixed(2)}  (target >= 0.7)`);
  console.log(`ratio oidc-provider / minimal = ${(op.rps / min.rps).toFixed(2)}  (issue measured ~0.45)`);
  console.log(`bulwark p99 = ${ours.p99} ms  (target < 25 ms)`);
  const commits = auth.deps.auditCommits?.stats;
  if (commits)
    console.log(
      `audit group commit: ${commits.events} events in ${commits.batches} commits (mean ${(commits.events / Math.max(1, commits.batches)).toFixed(1)} per commit, max ${commits.maxBatch}; mean commit ${(commits.commitMs / Math.max(1, commits.batches)).toFixed(2)} ms)`,
    );
}

async function introspection(auth: StartedAuth, token: string) {
  const body = new URLSearchParams({ token }).toString();
  await load(`${auth.url}/oauth/introspect`, body, `Bearer ${auth.apiKey}`, 2);
  const r = await load(`${auth.url}/oauth/introspect`, body, `Bearer ${auth.apiKey}`);
  show('introspection', r);
  console.log(`introspection = ${r.rps.toFixed(0)}/s  (target >= 5000/s)`);
}

async function localVerification(auth: StartedAuth, token: string) {
  // Two service-kit verifiers: the comparison (every call verifies the signature, the
  // verified-token cache off) and the default (cache on: a repeated token costs a SHA-256 and a
  // lookup; the revocation check still runs on every call). Only the first is held against jose.
  const kitOptions = (cache: boolean) =>
    createAuthenticator(
      {
        issuer: auth.config.issuer,
        audiences: [auth.config.audience],
        jwksUrl: `${auth.url}/.well-known/jwks.json`,
        introspectionUrl: `${auth.url}/oauth/introspect`,
        redis: { url: auth.config.redisUrl, prefix: auth.config.redisPrefix },
        ...(cache ? {} : { verifiedTokenCache: false as const }),
      },
      { warn: () => undefined },
    );
  const uncachedKit = kitOptions(false);
  const cachedKit = kitOptions(true);
  await Promise.all([uncachedKit.start(), cachedKit.start()]);
  const jwks = (await (await fetch(`${auth.url}/.well-known/jwks.json`)).json()) as {
    keys: Record<string, unknown>[];
  };
  const key = await importJWK(jwks.keys[0] as never, 'ES256');
  const options = { issuer: auth.config.issuer, audience: auth.config.audience, typ: 'at+jwt' };
  // ~3 s per round at this machine's rate: 1 s rounds swung 0.84–0.95 between runs (2026-11-29).
  const n = 15_000;
  const rate = async (fn: () => Promise<unknown>, calls = n) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) await fn();
    return calls / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  const header = `Bearer ${token}`;
  await rate(() => uncachedKit.authenticate(header));
  await rate(() => cachedKit.authenticate(header));
  await rate(() => jwtVerify(token, key, options));
  let bare = 0;
  let kit = 0;
  let cached = 0;
  // Interleaved rounds, best of each: the machine is shared, so the best round is the least disturbed.
  for (let round = 0; round < 5; round++) {
    bare = Math.max(bare, await rate(() => jwtVerify(token, key, options)));
    kit = Math.max(kit, await rate(() => uncachedKit.authenticate(header)));
    cached = Math.max(cached, await rate(() => cachedKit.authenticate(header), 100_000));
  }
  const stats = cachedKit.tokenCache?.stats();
  await Promise.all([uncachedKit.close(), cachedKit.close()]);
  console.log(
    `local verification: bare jose.jwtVerify ${bare.toFixed(0)}/s, service-kit (cache off) ${kit.toFixed(0)}/s`,
  );
  console.log(`ratio service-kit / bare jwtVerify = ${(kit / bare).toFixed(3)}  (target >= 0.90, cache off)`);
  console.log(
    `local verification, verified-token cache on (same token repeated, revocation checked per call): ${cached.toFixed(0)}/s = ${(cached / bare).toFixed(1)}x bare jwtVerify  (hits ${stats?.hits ?? 0}, misses ${stats?.misses ?? 0})`,
  );
}

async function main() {
  const auth = await startAuth();
  try {
    await issuance(auth);
    const res = await fetch(`${auth.url}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic(auth.agent.id, auth.agent.secret),
      },
      body: 'grant_type=client_credentials&scope=email%3Aread',
    });
    const token = ((await res.json()) as { access_token: string }).access_token;
    await introspection(auth, token);
    await localVerification(auth, token);
  } finally {
    const pending = await auth.close();
    console.log(`outbox rows not yet relayed at shutdown: ${pending}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
