import type { Bulwark, UsageQuery } from '@bulwark/sdk';
import { useState } from 'react';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { useLoad } from '../lib/use-load.js';

type GroupBy = UsageQuery['group_by'];

/** Metered units over the last 30 days from billing's ledger, by agent (or user, action, day). */
export function UsagePage({ bw }: { bw: Bulwark }) {
  const [groupBy, setGroupBy] = useState<GroupBy>('agent');
  const usage = useLoad(() => bw.billing.usage({ group_by: groupBy }), [bw, groupBy]);
  const rows = usage.data?.data ?? [];
  const total = rows.reduce((sum, row) => sum + row.units, 0);

  return (
    <section>
      <h2>Usage (last 30 days)</h2>
      <div className="inline-form">
        <label>
          Group by
          <select name="usage-group" value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)}>
            <option value="agent">agent</option>
            <option value="user">user</option>
            <option value="action">action</option>
            <option value="day">day</option>
          </select>
        </label>
        <button type="button" onClick={usage.reload}>
          Refresh
        </button>
      </div>
      <ErrorBanner error={usage.error} />
      <table aria-label="Usage" aria-busy={usage.loading}>
        <thead>
          <tr>
            <th>{groupBy}</th>
            <th>Billable units</th>
            <th>Events</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td>
                <code>{row.key}</code>
              </td>
              <td>{row.units}</td>
              <td>{row.events}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>total</th>
            <th>{total}</th>
            <th />
          </tr>
        </tfoot>
      </table>
      {!usage.loading && rows.length === 0 && !usage.error ? (
        <p className="muted">No metered usage yet.</p>
      ) : null}
    </section>
  );
}
