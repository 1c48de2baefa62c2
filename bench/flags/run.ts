/**
 * Flags benchmarks (`npm run bench flags`). Prints two figures with their peer/limit:
 *  1. in-process evaluation per flag through Bulwark's path (FlagEngine + token-derived context)
 *     vs bare unleash-client on the same definitions, and vs the 5 µs limit;
 *  2. POST /v1/evaluate requests/s (embedded Unleash, real ES256 tokens) vs a bare fastify route
 *     and a service-kit auth-only route in the same process, and vs the 10,000 req/s target.
 * Knobs and method: README.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import Fastify from '../../services/flags/node_modules/fastify/fastify.js';
import { InMemStorageProvider, Unleash } from '../../services/flags/node_modules/unleash-client/lib/index.js';
import { createPool, migrate, quoteIdent, withClient } from '../../packages/db/src/index.js';
import { buildService } from '../../packages/service-kit/src/index.js';
import { createTestIssuer } from '../../packages/testing/src/index.js';
import { buildApp } from '../../services/flags/src/app.js';
import { tenantStrategy } from '../../services/flags/src/domain/tenant-strategy.js';
import { NO_ENRICHMENT } from '../../services/flags/src/enrichment/context-enricher.js';
import {
  buildEvaluationContext,
  tokenContextOf,
} from '../../services/flags/src/engine/evaluation-context.js';
import { FlagEngine } from '../../services/flags/src/engine/flag-engine.js';
import { migrationSources } from '../../services/flags/src/migrations.js';

const CALLS = Number(process.env.BENCH_FLAGS_CALLS ?? 1_000_000);
const DURATION_S = Number(process.env.BENCH_FLAGS_SECONDS ?? 5);
/** Alternating rounds of (ours, kit, bare), each run BENCH_FLAGS_SECONDS long. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_FLAGS_ROUNDS ?? 3));
const EVAL_LIMIT_US = 5;
const RPS_TARGET = 10_000;
/** `off` makes service-kit verify the ES256 signature on every request (the state before the cache). */
const TOKEN_CACHE = process.env.BENCH_FLAGS_TOKEN_CACHE !== 'off';
/**
 * `worker` (default) runs autocannon in a worker thread, so the load generator does not share the
 * service's event loop (it still shares the 2 cores); `inline` runs it on the service's own thread.
 */
const LOADGEN = process.env.BENCH_FLAGS_LOADGEN === 'inline' ? 'inline' : 'worker';
/** `on` keeps service-kit's rate limiter in the path (with a ceiling the run never reaches). */
const RATE_LIMIT = process.env.BENCH_FLAGS_RATE_LIMIT === 'on';
/**
 * A path: after the measured rounds, one more (uncounted) /v1/evaluate run is recorded as a V8 CPU
 * profile of the service's thread (open it in Chrome DevTools or speedscope).
 */
const PROFILE_PATH = process.env.BENCH_FLAGS_PROFILE;

async function profiled<T>(path: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(path, JSON.stringify(profile));
    session.disconnect();
    console.log(`flags: CPU profile of one more /v1/evaluate run written to ${path}`);
  }
}

// ---- 1. in-process evaluation ----
const features = Array.from({ length: 20 }, (_, i) => ({
  name: `ten_bench.flag${i}`,
  enabled: true,
  strategies: [
    tenantStrategy({ tenantId: 'ten_bench', unleashName: `ten_bench.flag${i}`, rollout: 50, variants: [] }),
  ],
}));
const stateServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ version: 2, features }));
});
await new Promise<void>((resolve) => stateServer.listen(0, '127.0.0.1', resolve));
const stateUrl = `http://127.0.0.1:${(stateServer.address() as AddressInfo).port}/unleash`;

const engine = new FlagEngine({ url: stateUrl, token: 'b', refreshMs: 60_000 });
const bare = new Unleash({
  appName: 'bench',
  url: `${stateUrl}/api`,
  refreshInterval: 60_000,
  disableMetrics: true,
  storageProvider: new InMemStorageProvider(),
  skipInstanceCountWarning: true,
});
await engine.ready(10_000);
await new Promise((resolve) => bare.once('synchronized', resolve));

const actor = {
  type: 'user' as const,
  id: 'usr_1',
  tenantId: 'ten_bench',
  scopes: ['email'],
  credentialIdHash: 'x',
  tokenId: 'j',
  clientId: 'agt_1',
};
const { context } = buildEvaluationContext(actor, NO_ENRICHMENT);
function time(fn: (i: number) => boolean): number {
  let sink = 0;
  for (let i = 0; i < 50_000; i++) if (fn(i)) sink++; // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) if (fn(i)) sink++;
  const ns = Number(process.hrtime.bigint() - start) / CALLS;
  if (sink < 0) console.log(sink);
  return ns;
}
const oursNs = time((i) => engine.isEnabled(`ten_bench.flag${i % 20}`, context));
const bareNs = time((i) => bare.isEnabled(`ten_bench.flag${i % 20}`, context));
console.log(
  `flags: in-process evaluation ${(oursNs / 1000).toFixed(3)} µs/flag (bare unleash-client ${(bareNs / 1000).toFixed(3)} µs)`,
);
console.log(
  `flags:   ratio ours/bare = ${(oursNs / bareNs).toFixed(2)}; ours/limit(${EVAL_LIMIT_US} µs) = ${(oursNs / 1000 / EVAL_LIMIT_US).toFixed(3)}`,
);
// The evaluation API's path: the frozen token-derived context shared by a token's requests, whose
// stable flags' results FlagEngine reuses until the definitions change.
const shared = tokenContextOf(actor, NO_ENRICHMENT).built.context;
const sharedNs = time((i) => engine.evaluate(`ten_bench.flag${i % 20}`, shared).enabled);
console.log(
  `flags:   evaluation API path (shared token context, results reused) ${(sharedNs / 1000).toFixed(3)} µs/flag`,
);
engine.close();
bare.destroy();
stateServer.close();

// ---- 2. POST /v1/evaluate throughput ----
const server = process.env.DATABASE_URL_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `bench_flags_${randomUUID().slice(0, 8)}`;
const url = new URL(server);
url.pathname = `/${dbName}`;
await migrate({ connectionString: url.toString(), sources: migrationSources });
const pool = createPool({ connectionString: url.toString(), max: 4 });
const issuer = await createTestIssuer();
const served = await issuer.serveJwks();
const authOptions = {
  issuer: issuer.issuer,
  audiences: ['bulwark'],
  jwksUrl: served.jwksUrl,
  introspectionUrl: served.introspectionUrl,
  ...(TOKEN_CACHE ? {} : { verifiedTokenCache: false as const }),
};
try {
  const service = await buildApp({
    pool,
    databaseUrl: url.toString(),
    kek: randomBytes(32),
    auth: authOptions,
    logger: false,
    // The production limiter (in-memory, per IP) with a ceiling the run never reaches, or none.
    rateLimit: RATE_LIMIT ? { max: 1_000_000_000 } : false,
    // …and the evaluate route's own per-IP limit (60,000/min in production) raised the same way.
    ...(RATE_LIMIT && { evaluateLimitPerMinute: 1_000_000_000 }),
    // Otherwise production defaults: the SDK polls every FLAGS_REFRESH_MS (5 s) as background load
    // in the run, and the HTTP enricher without licensing/billing URLs answers empty, cached as usual.
  });
  const address = await service.app.listen({ port: 0, host: '127.0.0.1' });
  const admin = await issuer.mint({ tenant_id: 'ten_bench', scope: 'flags:admin flags:read' });
  for (let i = 0; i < 5; i++) {
    await service.app.inject({
      method: 'POST',
      url: '/v1/flags',
      headers: { authorization: `Bearer ${admin}` },
      payload: { name: `flag${i}`, enabled: true, rollout: 50 },
    });
  }
  const token = await issuer.mint({
    tenant_id: 'ten_bench',
    scope: 'email',
    sub: 'usr_1',
    act: { sub: 'agt_1' },
  });
  const requested = ['flag0', 'flag1', 'flag2', 'flag3', 'flag4'];
  // The flags exist in Unleash now; wait until the service's client has fetched them (one refresh).
  const deadline = Date.now() + 30_000;
  while (!requested.every((name) => service.engine.hasFlag(`ten_bench.${name}`))) {
    if (Date.now() > deadline) throw new Error('the service never loaded the benchmark flags');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const body = JSON.stringify({ flags: requested });
  const probe = await service.app.inject({
    method: 'POST',
    url: '/v1/evaluate',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: body,
  });
  const probed = probe.json() as { flags?: Record<string, { enabled: boolean }> };
  if (probe.statusCode !== 200 || Object.keys(probed.flags ?? {}).length !== requested.length) {
    throw new Error(`/v1/evaluate answered ${probe.statusCode} ${probe.body}`);
  }
  const run = (target: string, seconds = DURATION_S) =>
    autocannon({
      url: target,
      method: 'POST',
      connections: 50,
      duration: seconds,
      ...(LOADGEN === 'worker' && { workers: 1 }),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
  const peer = Fastify();
  peer.post('/evaluate', async () => ({ ok: true }));
  const peerAddress = await peer.listen({ port: 0, host: '127.0.0.1' });
  // The second peer: service-kit's app (request ids, security headers, metrics, the same
  // authenticator and token cache, same rate-limit setting) with a protected route that does nothing
  // else — `config: { scope }`, so the kit's own auth hook verifies the bearer and checks the scope,
  // exactly what every protected Bulwark route pays. ours/kit is what the flags route itself adds;
  // kit/bare is the shared framework's cost.
  const kit = await buildService({
    name: 'bench-kit',
    version: '0',
    logger: false,
    auth: authOptions,
    rateLimit: RATE_LIMIT ? { max: 1_000_000_000 } : false,
    // …and the evaluate route's own per-IP limit (60,000/min in production) raised the same way.
    ...(RATE_LIMIT && { evaluateLimitPerMinute: 1_000_000_000 }),
  });
  kit.post('/evaluate', { config: { scope: 'email' } }, async () => ({ ok: true }));
  const kitAddress = await kit.listen({ port: 0, host: '127.0.0.1' });
  const targets = {
    ours: `${address}/v1/evaluate`,
    kit: `${kitAddress}/evaluate`,
    bare: `${peerAddress}/evaluate`,
  };
  // One second each first, so none is measured while the JIT is still warming up.
  for (const target of Object.values(targets)) await run(target, 1);
  // Alternating rounds: a burst of other work on the shared box hits every side, not one.
  const rounds: { ours: number; kit: number; bare: number; non2xx: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const ours = await run(targets.ours);
    const kitRoute = await run(targets.kit);
    const bareRoute = await run(targets.bare);
    rounds.push({
      ours: ours.requests.average,
      kit: kitRoute.requests.average,
      bare: bareRoute.requests.average,
      non2xx: ours.non2xx + kitRoute.non2xx,
    });
    console.log(
      `flags:   round ${round + 1}: /v1/evaluate ${Math.round(ours.requests.average)} req/s, kit ${Math.round(kitRoute.requests.average)}, bare ${Math.round(bareRoute.requests.average)} (ours/bare ${(ours.requests.average / bareRoute.requests.average).toFixed(2)})`,
    );
  }
  // Profiled separately: the sampling profiler slows the run it watches, so it is not counted.
  if (PROFILE_PATH) await profiled(PROFILE_PATH, () => run(targets.ours));
  await peer.close();
  await kit.close();
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const oursRps = mean(rounds.map((r) => r.ours));
  const kitRps = mean(rounds.map((r) => r.kit));
  const bareRps = mean(rounds.map((r) => r.bare));
  const ratios = rounds.map((r) => r.ours / r.bare).sort((a, b) => a - b);
  const medianRatio = ratios[Math.floor(ratios.length / 2)] ?? Number.NaN;
  const non2xx = rounds.reduce((sum, r) => sum + r.non2xx, 0);

  console.log(
    `flags: POST /v1/evaluate ${Math.round(oursRps)} req/s (non-2xx ${non2xx}, verified-token cache ${TOKEN_CACHE ? 'on' : 'off'}, load generator ${LOADGEN}, rate limiter ${RATE_LIMIT ? 'on' : 'off'}, ${ROUNDS}×${DURATION_S} s); service-kit auth-only route ${Math.round(kitRps)} req/s; bare fastify route ${Math.round(bareRps)} req/s`,
  );
  console.log(
    `flags:   ratio ours/bare = ${(oursRps / bareRps).toFixed(2)} (median per round ${medianRatio.toFixed(2)}); ours/kit = ${(oursRps / kitRps).toFixed(2)}; kit/bare = ${(kitRps / bareRps).toFixed(2)}; ours/target(${RPS_TARGET}) = ${(oursRps / RPS_TARGET).toFixed(2)}`,
  );
  if (non2xx > 0) throw new Error(`/v1/evaluate answered ${non2xx} non-2xx responses under load`);
  await service.app.close();
} finally {
  await served.close();
  await pool.end();
  await withClient(server, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`),
  );
}
