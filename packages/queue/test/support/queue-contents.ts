import { type CatalogQueue, jobItems } from '../../src/index.js';

/** Every job id in the queue, in any state (the queue is not being consumed in these tests). */
export async function allJobIds(queue: CatalogQueue): Promise<string[]> {
  const jobs = await queue.getJobs(
    ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'],
    0,
    -1,
  );
  return jobs.map((job) => String(job.id));
}

export async function totalJobs(queue: CatalogQueue): Promise<number> {
  const counts = await queue.getJobCounts(
    'waiting',
    'prioritized',
    'delayed',
    'active',
    'completed',
    'failed',
  );
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/**
 * Every audit event id the queue carries, in any state: an envelope job contributes its items'
 * ids, a plain job its own id (= event id). Repeats are kept, so a test can count duplicates.
 */
export async function allEventIds(queue: CatalogQueue): Promise<string[]> {
  const jobs = await queue.getJobs(
    ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'],
    0,
    -1,
  );
  return jobs.flatMap((job) =>
    job.name.endsWith('.batch')
      ? ((jobItems('audit', job) ?? []) as { id: string }[]).map((item) => item.id)
      : [String(job.id)],
  );
}
