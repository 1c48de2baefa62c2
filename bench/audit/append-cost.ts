/**
 * The serial cost of one batch (`cd bench && npx tsx audit/append-cost.ts`): how long one worker's
 * append of 1,000 events holds the store, against the plain INSERT of the same rows into an identical
 * table, one writer each, on one connection. The chain's head locks serialise appends of the same
 * tenants, so this per-batch time is what bounds two workers together; the peer's two writers do not
 * serialise. Own database, dropped at the end. `BENCH_APPEND_BATCHES` (default 40) per side.
 */
import { randomUUID } from 'node:crypto';
import { createPool, migrate, quoteIdent, withClient } from '../../packages/db/src/index.js';
import { migrationSources } from '../../services/audit/src/db/migration-sources.js';
import { PartitionGuard } from '../../services/audit/src/db/partitions.js';
import { storeEventBatch } from '../../services/audit/src/domain/chain/store-events.js';
import { benchEvent } from './bench-event.js';
import { createSameTablePeer } from './same-table-peer.js';

const BATCHES = Number(process.env.BENCH_APPEND_BATCHES ?? 40);
/** Concurrent writers per side (BENCH_APPEND_WRITERS, default 1: the serial cost). */
const WRITERS = Math.max(1, Number(process.env.BENCH_APPEND_WRITERS ?? 1));
const CHUNK = 1_000;
const server = process.env.DATABASE_URL_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `bench_append_${randomUUID().slice(0, 8)}`;
const dbUrl = new URL(server);
dbUrl.pathname = `/${dbName}`;

let counter = 0;
const event = () => benchEvent(counter++);

const batch = () => Array.from({ length: CHUNK }, event);

async function timed(label: string, run: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 3; i++) await run(); // warm-up: JIT, plans, first pages
  const started = performance.now();
  let next = 0;
  const writer = async () => {
    while (next++ < BATCHES) await run();
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  const ms = (performance.now() - started) / BATCHES;
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(2)} ms per ${CHUNK} events (${Math.round((CHUNK / ms) * 1000).toLocaleString('en-US')}/s)`,
  );
  return ms;
}

await migrate({ connectionString: dbUrl.toString(), sources: migrationSources });
const pool = createPool({ connectionString: dbUrl.toString(), max: 4 * WRITERS });
try {
  const writePeer = await createSameTablePeer(pool);
  const partitions = new PartitionGuard(pool);
  const peer = await timed('peer: multi-row INSERT, identical table', () => writePeer(batch()));
  const ours = await timed('ours: storeEventBatch (registry + chain)', async () => {
    await storeEventBatch(pool, partitions, batch());
  });
  console.log(`${WRITERS} writer(s) per side: ratio ours/peer (rate) = ${(peer / ours).toFixed(2)}`);
} finally {
  await pool.end();
  await withClient(server, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`),
  );
}
