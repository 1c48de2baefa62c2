import type { Pool } from 'pg';

/**
 * Makes sure a monthly partition exists for every month the batch touches. Remembered per process
 * so the common case (current month, created ahead by maintenance) costs no round trip.
 */
export class PartitionGuard {
  private readonly known = new Set<string>();

  constructor(private readonly pool: Pool) {}

  async ensureFor(occurredAt: readonly string[]): Promise<void> {
    const months = new Set<string>();
    for (const at of occurredAt) {
      const month = new Date(at).toISOString().slice(0, 7);
      if (!this.known.has(month)) months.add(month);
    }
    for (const month of months) {
      await this.pool.query('SELECT audit_ensure_partition($1::timestamptz)', [`${month}-01T00:00:00Z`]);
      this.known.add(month);
    }
  }

  /** A dropped partition must be re-checked next time. */
  forget(): void {
    this.known.clear();
  }
}

/** Creates the current and the next `monthsAhead` monthly partitions. */
export async function createUpcomingPartitions(pool: Pool, monthsAhead = 3): Promise<void> {
  await pool.query('SELECT audit_create_partitions($1)', [monthsAhead]);
}
