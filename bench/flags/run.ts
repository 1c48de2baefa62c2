/**
 * Flags benchmarks (`npm run bench flags`). Prints two figures with their peer/limit:
 *  1. in-process evaluation per flag through Bulwark's path (FlagEngine + token-derived context)
 *     vs bare unleash-client on the same definitions, and vs the 5 µs limit;
 *  2. POST /v1/evaluate requests/s (embedded Unleash, real ES256 tokens) vs a bare fastify route
 *     in the same process, and vs the 10,000 req/s target.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import Fastify from '../../services/flags/node_modules/fastify/fastify.js';
import { InMemStorageProvider, Unleash } from '../../services/flags/node_modules/unleash-client/lib/index.js';
import { createPool, migrate, quoteIdent, withClient } from '../../packages/db/src/index.js';
import { createTestIssuer } from '../../packages/testing/src/index.js';
import { buildApp } from '../../services/flags/src/app.js';
import { tenantStrategy } from '../../services/flags/src/domain/tenant-strategy.js';
import { NO_ENRICHMENT } from '../../services/flags/src/enrichment/context-enricher.js';
import { buildEvaluationContext } from '../../services/flags/src/engine/evaluation-context.js';
import { FlagEngine } from '../../services/flags/src/engine/flag-engine.js';
import { migrationSources } from '../../services/flags/src/migrations.js';

const CALLS = Number(process.env.BENCH_FLAGS_CALLS ?? 1_000_000);
const DURATION_S = Number(process.env.BENCH_FLAGS_SECONDS ?? 10);
const EVAL_LIMIT_US = 5;
const RPS_TARGET = 10_000;
/** `off` makes service-kit verify the ES256 signature on every request (the state before the cache). */
const TOKEN_CACHE = process.env.BENCH_FLAGS_TOKEN_CACHE !== 'off';

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
try {
  const service = await buildApp({
    pool,
    databaseUrl: url.toString(),
    kek: randomBytes(32),
    auth: {
      issuer: issuer.issuer,
      audiences: ['bulwark'],
      jwksUrl: served.jwksUrl,
      introspectionUrl: served.introspectionUrl,
      ...(TOKEN_CACHE ? {} : { verifiedTokenCache: false as const }),
    },
    refreshMs: 1_000,
    logger: false,
    rateLimit: false,
    enricher: { enrich: async () => NO_ENRICHMENT },
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
  const body = JSON.stringify({ flags: ['flag0', 'flag1', 'flag2', 'flag3', 'flag4'] });
  const run = (target: string) =>
    autocannon({
      url: target,
      method: 'POST',
      connections: 50,
      duration: DURATION_S,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
  const ours = await run(`${address}/v1/evaluate`);

  const peer = Fastify();
  peer.post('/evaluate', async () => ({ ok: true }));
  const peerAddress = await peer.listen({ port: 0, host: '127.0.0.1' });
  const bareRoute = await run(`${peerAddress}/evaluate`);
  await peer.close();

  console.log(
    `flags: POST /v1/evaluate ${Math.round(ours.requests.average)} req/s (non-2xx ${ours.non2xx}, verified-token cache ${TOKEN_CACHE ? 'on' : 'off'}); bare fastify route ${Math.round(bareRoute.requests.average)} req/s`,
  );
  console.log(
    `flags:   ratio ours/bare = ${(ours.requests.average / bareRoute.requests.average).toFixed(2)}; ours/target(${RPS_TARGET}) = ${(ours.requests.average / RPS_TARGET).toFixed(2)}`,
  );
  await service.app.close();
} finally {
  await served.close();
  await pool.end();
  await withClient(server, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`),
  );
}
