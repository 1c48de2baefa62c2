import { createWriteStream } from 'node:fs';
import type { AuditEvent, AuditQuery, ExportFormat } from '@bulwark/sdk';
import type { CommandContext } from '../context.js';
import { CheckFailed, UsageError } from '../exit-codes.js';
import { details, print, progressBar, table } from '../output.js';

function filters(ctx: CommandContext): AuditQuery {
  const query: AuditQuery = {};
  for (const name of [
    'actor',
    'on_behalf_of',
    'agent',
    'action',
    'target',
    'outcome',
    'from',
    'to',
  ] as const) {
    const value = ctx.flags.string(name.replace(/_/g, '-'));
    if (value) (query as Record<string, string>)[name] = value;
  }
  return query;
}

const row = (e: AuditEvent) => ({
  occurred_at: e.occurred_at,
  action: e.action,
  actor: `${e.actor.type}:${e.actor.id}`,
  on_behalf_of: e.on_behalf_of ? `${e.on_behalf_of.type}:${e.on_behalf_of.id}` : null,
  chain: (e.delegation_chain ?? []).map((d) => d.sub).join(' ← ') || null,
  outcome: e.outcome.status,
  target: e.target ? `${e.target.type}:${e.target.id}` : null,
});
const COLUMNS = ['occurred_at', 'action', 'actor', 'on_behalf_of', 'chain', 'outcome', 'target'];

/**
 * `bulwark audit tail [--follow] [--limit N] [filters]`: the newest events, oldest first; with
 * --follow, keeps polling for new ones (one JSON object per line with --json) until interrupted.
 */
export async function auditTail(ctx: CommandContext): Promise<void> {
  const bw = ctx.client();
  const query = filters(ctx);
  const limit = ctx.flags.int('limit') ?? 20;
  const page = await bw.audit.query({ ...query, limit, order: 'desc' });
  const events = [...page.data].reverse();
  const follow = ctx.flags.bool('follow');
  if (!follow) {
    print(ctx.io, events, () => table(events.map(row), COLUMNS));
    return;
  }
  // Follow mode streams: one JSON object per line with --json, one tab-separated row otherwise.
  const emit = (e: AuditEvent) => {
    const r = row(e) as Record<string, unknown>;
    ctx.io.out(ctx.io.json ? JSON.stringify(e) : COLUMNS.map((c) => String(r[c] ?? '-')).join('\t'));
  };
  if (!ctx.io.json) ctx.io.out(COLUMNS.map((c) => c.toUpperCase()).join('\t'));
  const seen = new Set<string>();
  for (const e of events) {
    seen.add(e.id);
    emit(e);
  }
  let since = events.at(-1)?.occurred_at ?? new Date(Date.now() - 1000).toISOString();
  const intervalMs = ctx.flags.int('interval-ms') ?? 1000;
  const maxPolls = ctx.flags.int('max-polls');
  for (let polls = 0; maxPolls === undefined || polls < maxPolls; polls += 1) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const fresh = await bw.audit.query({ ...query, from: since, order: 'asc', limit: 200 });
    for (const e of fresh.data) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      emit(e);
      since = e.occurred_at;
    }
  }
}

/** `bulwark audit verify [--from --to]`: recomputes the tenant's hash chain; exit 7 when broken. */
export async function auditVerify(ctx: CommandContext): Promise<void> {
  const bw = ctx.client();
  const from = ctx.flags.string('from');
  const to = ctx.flags.string('to');
  const report = await bw.audit.verify({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  print(ctx.io, report, () =>
    [
      details({
        tenant: report.tenant_id,
        events_checked: report.events_checked,
        checkpoints_checked: report.checkpoints_checked,
        head: report.head ? `${report.head.seq} ${report.head.hash}` : '(empty)',
      }),
      report.ok
        ? 'chain intact'
        : `CHAIN BROKEN at seq ${report.first_broken?.seq}: ${report.first_broken?.reason}`,
    ].join('\n'),
  );
  if (!report.ok) throw new CheckFailed('audit chain broken');
}

/**
 * `bulwark audit export [--format ndjson|csv|ocsf] [--out FILE] [filters]`: streams the export to
 * FILE or stdout, with a progress bar (records / X-Total-Count) on stderr.
 */
export async function auditExport(ctx: CommandContext): Promise<void> {
  const bw = ctx.client();
  const format = (ctx.flags.string('format') ?? 'ndjson') as ExportFormat;
  if (!['ndjson', 'csv', 'ocsf'].includes(format))
    throw new UsageError('--format must be ndjson, csv or ocsf.');
  const outPath = ctx.flags.string('out');
  const file = outPath ? createWriteStream(outPath, { mode: 0o600 }) : undefined;
  const bar = progressBar(ctx.io, 'export');
  let count = 0;
  let total: number | undefined;
  for await (const line of bw.audit.export(format, filters(ctx), {
    onProgress: (p) => {
      count = p.received;
      total = p.total;
      bar.update(p.received, p.total);
    },
  })) {
    if (file) {
      if (!file.write(`${line}\n`)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
    } else ctx.io.out(line);
  }
  bar.done();
  if (file)
    await new Promise<void>((resolve, reject) =>
      file.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  if (outPath) {
    const summary = { exported: count, total: total ?? count, format, out: outPath };
    print(ctx.io, summary, () => `exported ${count} records to ${outPath}`);
  }
}
