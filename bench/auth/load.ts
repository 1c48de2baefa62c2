/** autocannon load runs shared by the auth benchmark and its profiling script. */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export const CONNECTIONS = 50;
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export interface LoadResult {
  rps: number;
  /** Requests completed in the run. */
  requests: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU time of the main thread (the servers' event loop, not the load generator's) per request, µs. */
  cpuUsPerRequest: number;
  /**
   * CPU time of the whole process per request, µs: every thread — event loop, crypto threadpool,
   * GC, and the load generator's worker (about the same per request for every server).
   */
  processCpuUsPerRequest: number;
}

/** utime + stime of this process's main thread (Linux /proc; clock ticks of 10 ms), in µs. */
function mainThreadCpuUs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}

export async function load(
  url: string,
  body: string,
  authorization: string,
  duration = DURATION_S,
): Promise<LoadResult> {
  const cpuBefore = mainThreadCpuUs();
  const processBefore = process.cpuUsage();
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
    connections: CONNECTIONS,
    duration,
    // The load generator runs on its own thread, not on the event loop of the servers under test.
    workers: 1,
  });
  const cpuUs = mainThreadCpuUs() - cpuBefore;
  const processCpu = process.cpuUsage(processBefore);
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    cpuUsPerRequest: cpuUs / Math.max(1, result.requests.total),
    processCpuUsPerRequest: (processCpu.user + processCpu.system) / Math.max(1, result.requests.total),
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export const show = (name: string, r: LoadResult) =>
  console.log(
    `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} req/s   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors}   CPU/req: main thread ${r.cpuUsPerRequest.toFixed(0)} µs, process ${r.processCpuUsPerRequest.toFixed(0)} µs`,
  );
