import type { CatalogQueue } from '@bulwark/queue';

/**
 * When the oldest job still waiting in the `audit` queue was added (epoch ms), or undefined when
 * nothing waits. The reconciler leaves rows dispatched after that (less the grace period) alone:
 * under a backlog their jobs may simply not have been fetched yet, and the relay's envelope jobs
 * carry no per-event job id that would absorb a second copy — re-enqueuing them would double the
 * load of an already lagging worker. Jobs retrying after a failure (delayed) do not count, so a
 * job in backoff cannot hold the reconciler back for days.
 */
export async function oldestWaitingSince(queue: CatalogQueue): Promise<number | undefined> {
  const jobs = await queue.getJobs(['wait', 'prioritized'], 0, 0, true);
  const times = jobs.map((job) => job.timestamp).filter((t): t is number => typeof t === 'number');
  return times.length > 0 ? Math.min(...times) : undefined;
}
