/**
 * Bulwark auth alone under load, to find where the time goes (not a benchmark: no peers, no ratios).
 * `cd bench && node --cpu-prof --cpu-prof-dir=/tmp/auth-prof --import tsx auth/profile.ts [token|introspect]`
 * Prints req/s, p99, the audit group-commit batch sizes reached and, for issuance, the whole machine's
 * CPU per token by process and thread (machine-cpu.ts: Postgres backends and Redis included).
 */
import { basic, load, show } from './load.js';
import { cpuPerRequest, machineSample, showCpu } from './machine-cpu.js';
import { startAuth } from './start-auth.js';

async function main() {
  const which = process.argv[2] ?? 'both';
  const auth = await startAuth();
  const form = 'grant_type=client_credentials&scope=email%3Aread';
  const authorization = basic(auth.agent.id, auth.agent.secret);
  try {
    if (which !== 'introspect') {
      await load(`${auth.url}/oauth/token`, form, authorization, 2);
      const before = await machineSample(auth.deps.pool, auth.databaseName);
      const result = await load(`${auth.url}/oauth/token`, form, authorization);
      const after = await machineSample(auth.deps.pool, auth.databaseName);
      show('token', result);
      showCpu(cpuPerRequest(before, after, result.requests));
      const stats = auth.deps.auditCommits?.stats;
      if (stats)
        console.log(
          `audit group commit: ${stats.events} events in ${stats.batches} commits (mean ${(stats.events / Math.max(1, stats.batches)).toFixed(1)}, max ${stats.maxBatch}; mean commit ${(stats.commitMs / Math.max(1, stats.batches)).toFixed(2)} ms)`,
        );
    }
    if (which !== 'token') {
      const res = await fetch(`${auth.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
        body: form,
      });
      const token = ((await res.json()) as { access_token: string }).access_token;
      const body = new URLSearchParams({ token }).toString();
      await load(`${auth.url}/oauth/introspect`, body, `Bearer ${auth.apiKey}`, 2);
      show('introspection', await load(`${auth.url}/oauth/introspect`, body, `Bearer ${auth.apiKey}`));
    }
  } finally {
    await auth.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
