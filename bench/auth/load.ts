/** autocannon load runs shared by the auth benchmark and its profiling script. */
import autocannon from 'autocannon';

export const CONNECTIONS = 50;
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export interface LoadResult {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export async function load(
  url: string,
  body: string,
  authorization: string,
  duration = DURATION_S,
): Promise<LoadResult> {
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
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export const show = (name: string, r: LoadResult) =>
  console.log(
    `${name.padEnd(22)} ${r.rps.toFixed(0).padStart(7)} req/s   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`,
  );
