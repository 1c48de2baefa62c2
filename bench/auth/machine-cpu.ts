/**
 * Where the whole machine's CPU goes during a load window (Linux /proc, 10 ms ticks): this process
 * by thread (main loop, relay worker thread, load generator, libuv/V8 helpers), the Postgres
 * backends serving this benchmark's database, Postgres's own background processes (WAL writer,
 * checkpointer, …; shared with anything else on the machine) and redis-server. On a 2-core machine
 * the backends' and Redis's CPU per request competes with the event loop, so it counts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Pool } from '../../services/auth/src/infra/db-types.js';

type Sample = Map<string, number>;

function ticks(statPath: string): number {
  try {
    const stat = readFileSync(statPath, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function add(sample: Sample, key: string, value: number): void {
  sample.set(key, (sample.get(key) ?? 0) + value);
}

/**
 * This process by thread id (Node 20 names every thread "node"): the main thread, then each other
 * live thread (the relay's worker thread is the busiest of them), and `process total` from
 * getrusage, which also counts threads that have ended — the load generator's worker ends with its run.
 */
function sampleSelf(sample: Sample): void {
  for (const tid of readdirSync('/proc/self/task')) {
    const name = Number(tid) === process.pid ? 'node main thread' : `node thread ${tid}`;
    add(sample, name, ticks(`/proc/self/task/${tid}/stat`));
  }
  const usage = process.cpuUsage();
  sample.set(PROCESS_TOTAL, (usage.user + usage.system) / 10_000);
}

const PROCESS_TOTAL = 'process total';

function sampleOthers(sample: Sample, database: string, backends: Map<number, string>): void {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const cmdline = read(`/proc/${pid}/cmdline`).replace(/\0/g, ' ');
    if (cmdline.startsWith('postgres: ')) {
      // Backends show "postgres: 15/main: <user> <database> <client> <state>".
      const isBackend = / postgres \S+ \d+\.\d+\.\d+\.\d+\(\d+\)/.test(cmdline);
      if (isBackend && cmdline.includes(` ${database} `))
        add(
          sample,
          `postgres backends ${backends.get(Number(pid)) ?? '(this db)'}`,
          ticks(`/proc/${pid}/stat`),
        );
      else if (!isBackend) add(sample, 'postgres background', ticks(`/proc/${pid}/stat`));
    } else if (cmdline.startsWith('redis-server')) {
      add(sample, 'redis-server', ticks(`/proc/${pid}/stat`));
    }
  }
}

/** Postgres backends are labelled by their `application_name` (the service's pool, the relay's). */
export async function machineSample(pool: Pick<Pool, 'query'>, database: string): Promise<Sample> {
  const { rows } = await pool.query<{ pid: number; application_name: string }>(
    'SELECT pid, application_name FROM pg_stat_activity WHERE datname = $1',
    [database],
  );
  const backends = new Map(rows.map((r) => [r.pid, r.application_name || '(unnamed)']));
  const sample: Sample = new Map();
  sampleSelf(sample);
  sampleOthers(sample, database, backends);
  return sample;
}

/**
 * µs of CPU per request for each group between two samples; threads below 1 µs are left out, and
 * whatever of `process total` no live thread accounts for is shown as ended threads (load generator).
 */
export function cpuPerRequest(before: Sample, after: Sample, requests: number): [string, number][] {
  const rows: [string, number][] = [];
  let threads = 0;
  for (const [key, value] of after) {
    if (key === PROCESS_TOTAL) continue;
    const us = ((value - (before.get(key) ?? 0)) * 10_000) / Math.max(1, requests);
    if (key.startsWith('node ')) threads += us;
    if (us >= 1) rows.push([key, us]);
  }
  const total =
    (((after.get(PROCESS_TOTAL) ?? 0) - (before.get(PROCESS_TOTAL) ?? 0)) * 10_000) / Math.max(1, requests);
  rows.push(['node threads ended (load generator)', Math.max(0, total - threads)]);
  return rows.sort((a, b) => b[1] - a[1]);
}

export function showCpu(rows: [string, number][]): void {
  const total = rows.reduce((sum, [, us]) => sum + us, 0);
  console.log(`machine CPU per request: ${total.toFixed(0)} µs in all`);
  for (const [key, us] of rows) console.log(`  ${key.padEnd(34)} ${us.toFixed(1).padStart(7)} µs`);
}
