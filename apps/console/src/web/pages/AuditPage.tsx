import type { Bulwark, VerifyReport } from '@bulwark/sdk';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ErrorBanner } from '../components/ErrorBanner.js';
import {
  type AuditFilters,
  type AuditRow,
  EMPTY_FILTERS,
  type OutcomeFilter,
  auditQueryFor,
  delegationPath,
  mergePages,
} from '../lib/audit-view.js';

/** The tenant's audit trail, newest first, with filters, cursor paging and a chain check. */
export function AuditPage({ bw }: { bw: Bulwark }) {
  const [draft, setDraft] = useState<AuditFilters>(EMPTY_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(EMPTY_FILTERS);
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const [verify, setVerify] = useState<{ report?: VerifyReport; error?: unknown; busy: boolean }>({
    busy: false,
  });
  const [searches, setSearches] = useState(0);

  const search = useCallback(
    (filters: AuditFilters) => {
      setLoading(true);
      setError(undefined);
      bw.audit
        .query(auditQueryFor(filters))
        .then(
          (page) => {
            setRows(page.data);
            setCursor(page.next_cursor);
          },
          (failure: unknown) => setError(failure),
        )
        .finally(() => setLoading(false));
    },
    [bw],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `searches` re-runs the same filters on demand.
  useEffect(() => search(applied), [search, applied, searches]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
    setSearches((n) => n + 1);
  };

  const loadMore = () => {
    if (!cursor) return;
    setLoading(true);
    bw.audit
      .query(auditQueryFor(applied, cursor))
      .then(
        (page) => {
          setRows((shown) => mergePages(shown, page.data));
          setCursor(page.next_cursor);
        },
        (failure: unknown) => setError(failure),
      )
      .finally(() => setLoading(false));
  };

  const runVerify = () => {
    setVerify({ busy: true });
    bw.audit.verify().then(
      (report) => setVerify({ report, busy: false }),
      (failure: unknown) => setVerify({ error: failure, busy: false }),
    );
  };

  const field = (name: keyof Omit<AuditFilters, 'outcome'>, label: string, placeholder: string) => (
    <label>
      {label}
      <input
        name={`filter-${name}`}
        value={draft[name]}
        placeholder={placeholder}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </label>
  );

  return (
    <section>
      <h2>Audit trail</h2>
      <form className="inline-form" onSubmit={submit} aria-label="Audit filters">
        {field('agent', 'Agent', 'agt_…')}
        {field('user', 'On behalf of user', 'usr_…')}
        {field('actionPrefix', 'Action prefix', 'auth.agent')}
        <label>
          Outcome
          <select
            name="filter-outcome"
            value={draft.outcome}
            onChange={(e) => setDraft({ ...draft, outcome: e.target.value as OutcomeFilter })}
          >
            <option value="">any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </select>
        </label>
        <button type="submit" disabled={loading}>
          Search
        </button>
        <button type="button" onClick={runVerify} disabled={verify.busy}>
          {verify.busy ? 'Verifying…' : 'Verify chain'}
        </button>
      </form>

      <VerifyResult report={verify.report} />
      <ErrorBanner error={verify.error ?? error} />

      <table aria-label="Audit events">
        <thead>
          <tr>
            <th>When</th>
            <th>Action</th>
            <th>Actor</th>
            <th>Delegation (user → agents)</th>
            <th>Target</th>
            <th>Outcome</th>
            <th>Request id</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((event) => {
            const path = delegationPath(event);
            return (
              <tr key={event.id} data-action={event.action}>
                <td title={event.occurred_at}>{new Date(event.occurred_at).toLocaleString()}</td>
                <td>
                  <code>{event.action}</code>
                </td>
                <td>
                  {event.actor.type} <code>{event.actor.id}</code>
                </td>
                <td>{path.length > 0 ? path.join(' → ') : '—'}</td>
                <td>{event.target ? `${event.target.type} ${event.target.id}` : '—'}</td>
                <td className={`outcome outcome-${event.outcome.status}`}>
                  {event.outcome.status}
                  {event.outcome.reason ? `: ${event.outcome.reason}` : ''}
                </td>
                <td>
                  <code>{event.request_id ?? '—'}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!loading && rows.length === 0 && !error ? <p className="muted">No events match.</p> : null}
      {loading ? <p>Loading…</p> : null}
      {cursor ? (
        <button type="button" onClick={loadMore} disabled={loading}>
          Load more
        </button>
      ) : null}
    </section>
  );
}

function VerifyResult({ report }: { report: VerifyReport | undefined }) {
  if (!report) return null;
  if (report.ok) {
    return (
      <output className="ok">
        Chain intact: {report.events_checked} events and {report.checkpoints_checked} signed checkpoints
        verified
        {report.head ? ` up to #${report.head.seq}` : ''}.
      </output>
    );
  }
  return (
    <p className="error" role="alert">
      Chain broken
      {report.first_broken
        ? ` at #${report.first_broken.seq} (${report.first_broken.event_id ?? 'no event'}): ${report.first_broken.reason}`
        : ''}
      .
    </p>
  );
}
