/**
 * Audit benchmarks (`npm run bench audit`). Prints two ratios, each against a peer measured in the
 * same run on the same database:
 *  1. ingest → stored: events/s through BullMQ `audit` → two real worker processes (`src/worker.ts`)
 *     → audit_events with the per-tenant hash chain, vs. the same rows written by plain batched
 *     multi-row INSERTs (no queue, no chain) from two writers into a table defined like audit_events
 *     (target ≥ 0.5, issue #4) and, for context, into a bare primary-key-only table; the absolute
 *     rate against 20,000/s; p99 ingest-to-stored at a paced 50% of the throughput against 1 s.
 *  2. POST /v1/events (authenticated, validated, outbox commit before 202) with autocannon, vs. a
 *     bare fastify route inserting the same body into a plain table.
 * Uses its own database and Redis key prefix, and removes both at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { AuditEvent } from '../../packages/core/src/index.js';
import { createPool, migrate, quoteIdent, withClient } from '../../packages/db/src/index.js';
import { createProducer, redisConnection } from '../../packages/queue/src/index.js';
import { createTestIssuer } from '../../packages/testing/src/tokens.js';
import { BENCH_TENANTS, benchEvent } from './bench-event.js';
import { createSameTablePeer } from './same-table-peer.js';
import { buildAuditApp } from '../../services/audit/src/app.js';
import { migrationSources } from '../../services/audit/src/db/migration-sources.js';
import { Kek } from '../../services/audit/src/domain/checkpoints/kek.js';

// fastify is the audit service's dependency, not the bench package's: load the very copy it runs on.
const Fastify = createRequire(new URL('../../services/audit/package.json', import.meta.url))(
  'fastify',
) as typeof import('../../services/audit/node_modules/fastify/fastify.js').default;

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 60_000);
const TENANTS = BENCH_TENANTS;
const CHUNK = 1_000;
const HTTP_SECONDS = Number(process.env.BENCH_AUDIT_HTTP_SECONDS ?? 8);
const HTTP_BATCH = 10;
/** The HTTP phase alternates ours and the peer over this many rounds (HTTP_SECONDS split between them). */
const HTTP_ROUNDS = Math.max(1, Number(process.env.BENCH_AUDIT_HTTP_ROUNDS ?? 2));
const PACE_SHARE = 0.5;
const PACE_SECONDS = Number(process.env.BENCH_AUDIT_PACE_SECONDS ?? 5);
const STORE_TARGET = 20_000;
const RATIO_TARGET = 0.5;
/** `http` runs only the POST /v1/events phase (iterating on ingest); anything else runs every phase. */
const ONLY = process.env.BENCH_AUDIT_ONLY ?? 'all';

const serviceDir = fileURLToPath(new URL('../../services/audit', import.meta.url));
const server = process.env.DATABASE_URL_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dbName = `bench_audit_${randomUUID().slice(0, 8)}`;
const dbUrl = new URL(server);
dbUrl.pathname = `/${dbName}`;
const databaseUrl = dbUrl.toString();
const prefix = `bench:audit:${randomBytes(4).toString('hex')}:`;
const kekEncoded = Kek.generateEncoded();

const event = benchEvent;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? 'OK' : 'BELOW TARGET');

async function storedCount(pool: ReturnType<typeof createPool>): Promise<number> {
  const result = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
  return result.rows[0]?.n ?? 0;
}

function spawnWorker(): Promise<ChildProcess> {
  // BENCH_AUDIT_PROFILE_DIR=/some/dir writes a V8 CPU profile per worker (open it in Chrome DevTools).
  const profile = process.env.BENCH_AUDIT_PROFILE_DIR;
  const profileArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const child = spawn(process.execPath, [...profileArgs, '--import', 'tsx', 'src/worker.ts'], {
    cwd: serviceDir,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      BULWARK_KEK: kekEncoded,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('audit worker ready')) resolve(child);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`audit worker exited (${code}) before ready:\n${output}`)));
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function deleteRedisKeys(): Promise<void> {
  const redis = redisConnection(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** CHUNK-sized slices of the same rows every phase writes. */
function chunksOf(count: number, at?: number): AuditEvent[][] {
  const chunks: AuditEvent[][] = [];
  for (let i = 0; i < count; i += CHUNK)
    chunks.push(Array.from({ length: Math.min(CHUNK, count - i) }, (_, k) => event(i + k, at)));
  return chunks;
}

/** Runs `write` over the chunks from `writers` concurrent loops; returns rows per second. */
async function writeRate(
  chunks: AuditEvent[][],
  writers: number,
  write: (chunk: AuditEvent[]) => Promise<void>,
) {
  let next = 0;
  const writer = async () => {
    while (next < chunks.length) await write(chunks[next++] ?? []);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, writer));
  return chunks.reduce((n, c) => n + c.length, 0) / ((performance.now() - started) / 1000);
}

/**
 * Peer 1 (the target's denominator): the same rows, columns and table definition as audit_events —
 * monthly range partitions, the generated filter columns, every query index — written by plain
 * multi-row INSERTs of CHUNK rows from two writers. No queue, no id registry, no chain lock: the
 * floor cost of storing these rows queryably on this machine.
 */
async function sameTableInsertRate(pool: ReturnType<typeof createPool>): Promise<number> {
  return writeRate(chunksOf(EVENTS), 2, await createSameTablePeer(pool));
}

/** Peer 2 (context only, the old denominator): the same rows into a bare 4-column table with only a primary key. */
async function bareInsertRate(pool: ReturnType<typeof createPool>): Promise<number> {
  await pool.query(
    'CREATE TABLE bench_plain_events (id uuid PRIMARY KEY, tenant_id text NOT NULL, occurred_at timestamptz NOT NULL, event jsonb NOT NULL)',
  );
  return writeRate(chunksOf(EVENTS), 2, async (chunk) => {
    await pool.query(
      `INSERT INTO bench_plain_events (id, tenant_id, occurred_at, event)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[])`,
      [
        chunk.map((e) => e.id),
        chunk.map((e) => e.tenant_id),
        chunk.map((e) => e.occurred_at),
        chunk.map((e) => JSON.stringify(e)),
      ],
    );
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitStored(pool: ReturnType<typeof createPool>, count: number): Promise<void> {
  while ((await storedCount(pool)) < count) await sleep(20);
}

/** p99 of stored_at - occurred_at (occurred_at is stamped just before each enqueue) over `since`… */
async function p99LagMs(pool: ReturnType<typeof createPool>, since: string): Promise<number> {
  const lag = await pool.query<{ p99: number }>(
    `SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM stored_at - occurred_at)) * 1000 AS p99
     FROM audit_events WHERE occurred_at >= $1`,
    [since],
  );
  return Number(lag.rows[0]?.p99 ?? 0);
}

/**
 * Ours 1: two workers store and chain while the bench enqueues. Phase A, a burst: EVENTS as fast as
 * two producers (standing in for two services' outbox relays, each one addEnveloped of CHUNK at a time)
 * can add them — the throughput. Its p99 lag is mostly queueing behind the backlog, so phase B
 * paces PACE_SHARE of the measured throughput for PACE_SECONDS and reports the p99 a caller sees
 * when the pipeline keeps up, and phase C does the same at the 20,000/s target rate itself.
 */
async function pipelineRate(pool: ReturnType<typeof createPool>) {
  const workers = await Promise.all([spawnWorker(), spawnWorker()]);
  const connection = redisConnection(redisUrl);
  const producer = createProducer('audit', { connection, prefix });
  try {
    const burstStart = new Date().toISOString();
    const started = performance.now();
    let offset = 0;
    const relay = async () => {
      while (offset < EVENTS) {
        const from = offset;
        offset += CHUNK;
        const now = Date.now();
        const chunk = Array.from({ length: Math.min(CHUNK, EVENTS - from) }, (_, k) => event(from + k, now));
        await producer.addEnveloped(chunk.map((e) => ({ id: e.id, payload: e })));
      }
    };
    await Promise.all([relay(), relay()]);
    const enqueued = performance.now();
    await waitStored(pool, EVENTS);
    const rate = EVENTS / ((performance.now() - started) / 1000);
    const burstP99Ms = await p99LagMs(pool, burstStart);

    // Paced phases: events stamped and enqueued every 100 ms at a fixed rate for PACE_SECONDS; the
    // p99 of stored_at − occurred_at over each phase is what a caller waits to see its events.
    let sent = EVENTS;
    const paced = async (perSecond: number) => {
      const perTick = Math.max(1, Math.round(perSecond / 10));
      const since = new Date().toISOString();
      const began = performance.now();
      const first = sent;
      for (let tick = 0; tick < PACE_SECONDS * 10; tick++) {
        const now = Date.now();
        const chunk = Array.from({ length: perTick }, (_, k) => event(sent + k, now));
        sent += chunk.length;
        for (let at = 0; at < chunk.length; at += CHUNK) {
          const part = chunk.slice(at, at + CHUNK);
          await producer.addEnveloped(part.map((e) => ({ id: e.id, payload: e })));
        }
        await sleep(Math.max(0, began + (tick + 1) * 100 - performance.now()));
      }
      await waitStored(pool, sent);
      return { rate: (sent - first) / PACE_SECONDS, p99Ms: await p99LagMs(pool, since) };
    };
    const share = await paced(Math.max(100, Math.round(rate * PACE_SHARE)));
    // The wording: ≥ 20,000/s sustained *with* p99 < 1 s — so also at the target rate itself.
    const atTarget = await paced(STORE_TARGET);
    return {
      rate,
      enqueueRate: EVENTS / ((enqueued - started) / 1000),
      burstP99Ms,
      paceRate: share.rate,
      paceP99Ms: share.p99Ms,
      targetP99Ms: atTarget.p99Ms,
    };
  } finally {
    await producer.close();
    connection.disconnect();
    await Promise.all(workers.map(stopWorker));
  }
}

interface CannonResult {
  requests: number;
  seconds: number;
  p99: number;
  failed: number;
}

async function cannon(
  url: string,
  headers: Record<string, string>,
  body: string,
  seconds: number,
): Promise<CannonResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections: 20,
    duration: seconds,
  });
  return {
    requests: result.requests.total,
    seconds,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
  };
}

/** Total requests over total time; the worst round's p99. */
function combined(results: readonly CannonResult[]) {
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const seconds = results.reduce((n, r) => n + r.seconds, 0);
  return {
    rps: requests / seconds,
    p99: Math.max(...results.map((r) => r.p99)),
    failed: results.reduce((n, r) => n + r.failed, 0),
  };
}

/**
 * With BENCH_AUDIT_PROFILE_DIR set, a V8 CPU profile of this process while `run` drives our route
 * (the service runs in this process, next to autocannon) goes to `<dir>/http-ours-<n>.cpuprofile`,
 * and one of the bare peer to `<dir>/http-peer-<n>.cpuprofile`.
 */
let profiles = 0;
async function profiledHttp<T>(name: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_AUDIT_PROFILE_DIR;
  if (!dir) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(`${dir}/http-${name}-${++profiles}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}

/** Ours 2 vs peer 2: POST /v1/events against a bare fastify route writing the same body. */
async function httpRates(pool: ReturnType<typeof createPool>) {
  const issuer = await createTestIssuer();
  const served = await issuer.serveJwks();
  const app = await buildAuditApp({
    config: {
      issuer: issuer.issuer,
      audience: issuer.audience,
      authUrl: served.url,
      redisUrl,
      redisPrefix: prefix,
      retentionDefaultDays: 400,
      webhookAttempts: 12,
      webhookBackoffMs: 5000,
    },
    pool,
    kek: Kek.parse(kekEncoded),
    auth: { jwksUrl: served.jwksUrl, introspectionUrl: served.introspectionUrl, revocations: false },
    logger: false,
    rateLimit: false,
  });
  const peer = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  await pool.query('CREATE TABLE bench_plain_http (id uuid PRIMARY KEY, body jsonb NOT NULL)');
  peer.post('/v1/events', async (request, reply) => {
    const events = (request.body as { events: unknown[] }).events;
    await pool.query(
      'INSERT INTO bench_plain_http (id, body) SELECT gen_random_uuid(), b FROM unnest($1::jsonb[]) AS b',
      [events.map((e) => JSON.stringify(e))],
    );
    return reply.code(202).send({ accepted: events.length });
  });
  try {
    const ourUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const peerUrl = await peer.listen({ port: 0, host: '127.0.0.1' });
    const token = await issuer.mint(
      {
        sub: 'usr_bench',
        client_id: 'agt_bench',
        act: { sub: 'agt_bench' },
        tenant_id: 'ten_http',
        scope: 'audit:write',
      },
      { expiresIn: 3600 },
    );
    const body = JSON.stringify({
      events: Array.from({ length: HTTP_BATCH }, (_, i) => ({
        action: 'agent.action.email.send',
        target: { type: 'mailbox', id: `box_${i}@example.com` },
      })),
    });
    const runOurs = (seconds: number) =>
      cannon(`${ourUrl}/v1/events`, { authorization: `Bearer ${token}` }, body, seconds);
    const runPeer = (seconds: number) => cannon(`${peerUrl}/v1/events`, {}, body, seconds);
    // Warm both up (JIT, pooled connections, prepared statements) before anything counts, then
    // alternate which goes first so neither always gets the quieter moment of a noisy machine.
    await runOurs(1);
    await runPeer(1);
    const perRound = Math.max(1, Math.round(HTTP_SECONDS / HTTP_ROUNDS));
    const oursRuns: CannonResult[] = [];
    const peerRuns: CannonResult[] = [];
    for (let round = 0; round < HTTP_ROUNDS; round++) {
      const runOursRound = async () => oursRuns.push(await profiledHttp('ours', () => runOurs(perRound)));
      const runPeerRound = async () => peerRuns.push(await profiledHttp('peer', () => runPeer(perRound)));
      if (round % 2 === 0) {
        await runOursRound();
        await runPeerRound();
      } else {
        await runPeerRound();
        await runOursRound();
      }
    }
    const ours = combined(oursRuns);
    const theirs = combined(peerRuns);
    return { ours, theirs };
  } finally {
    await app.close();
    await peer.close();
    await served.close();
  }
}

async function storeRates(pool: ReturnType<typeof createPool>): Promise<void> {
  const same = await sameTableInsertRate(pool);
  const bare = await bareInsertRate(pool);
  const ours = await pipelineRate(pool);
  const ratio = ours.rate / same;
  console.log(
    `audit ingest→stored (BullMQ → 2 workers → hash-chained audit_events): ${fmt(ours.rate)} events/s ` +
      `(enqueue ${fmt(ours.enqueueRate)}/s); plain batched INSERT of the same rows into an identical table ` +
      `(partitions, generated columns, indexes), no queue/chain: ${fmt(same)} events/s ` +
      `→ ratio ${ratio.toFixed(2)} (target ≥ ${RATIO_TARGET}) ${verdict(ratio >= RATIO_TARGET)}; ` +
      `context: bare 4-column table, primary key only: ${fmt(bare)} events/s → ratio ${(ours.rate / bare).toFixed(2)}`,
  );
  console.log(
    `audit ingest→stored vs ${fmt(STORE_TARGET)}/s target → ratio ${(ours.rate / STORE_TARGET).toFixed(2)} ${verdict(ours.rate >= STORE_TARGET)}; ` +
      `p99 ingest-to-queryable at a paced ${fmt(ours.paceRate)} events/s (${PACE_SHARE * 100}% of the burst rate): ` +
      `${fmt(ours.paceP99Ms)} ms vs 1,000 ms → ratio ${(ours.paceP99Ms / 1000).toFixed(2)} ${verdict(ours.paceP99Ms < 1000)}; ` +
      `during the unpaced burst (queueing behind the backlog): ${fmt(ours.burstP99Ms)} ms`,
  );
  console.log(
    `audit p99 ingest-to-queryable paced at the target's ${fmt(STORE_TARGET)} events/s for ${PACE_SECONDS} s: ` +
      `${fmt(ours.targetP99Ms)} ms vs 1,000 ms → ratio ${(ours.targetP99Ms / 1000).toFixed(2)} ${verdict(ours.targetP99Ms < 1000)}`,
  );
}

try {
  await migrate({ connectionString: databaseUrl, sources: migrationSources });
  const pool = createPool({ connectionString: databaseUrl, max: 24 });
  try {
    console.log(
      `audit bench: ${fmt(EVENTS)} events over ${TENANTS} tenants, 2 worker processes, batches of ${CHUNK}`,
    );
    if (ONLY !== 'http') await storeRates(pool);
    const http = await httpRates(pool);
    const eventsPerSecond = http.ours.rps * HTTP_BATCH;
    console.log(
      `audit POST /v1/events (${HTTP_BATCH} events/request, token auth, validation, outbox commit): ${fmt(http.ours.rps)} req/s = ` +
        `${fmt(eventsPerSecond)} events/s, p99 ${http.ours.p99} ms; bare fastify + INSERT: ${fmt(http.theirs.rps)} req/s, p99 ${http.theirs.p99} ms ` +
        `→ ratio ${(http.ours.rps / Math.max(http.theirs.rps, 1)).toFixed(2)}` +
        (http.ours.failed + http.theirs.failed > 0
          ? ` (non-2xx/errors: ours ${http.ours.failed}, peer ${http.theirs.failed})`
          : ''),
    );
  } finally {
    await pool.end();
  }
} finally {
  await withClient(server, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`),
  );
  await deleteRedisKeys();
}
