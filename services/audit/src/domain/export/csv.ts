import type { StoredAuditEvent } from '../events/stored-event.js';

export const CSV_COLUMNS = [
  'id',
  'occurred_at',
  'tenant_id',
  'actor_type',
  'actor_id',
  'on_behalf_of_type',
  'on_behalf_of_id',
  'delegation_chain',
  'action',
  'target_type',
  'target_id',
  'outcome',
  'reason',
  'ip',
  'user_agent',
  'request_id',
  'units',
  'seq',
  'hash',
] as const;

/**
 * RFC 4180 quoting, plus a guard against spreadsheet formula injection: a cell starting with
 * = + - @ or a control character is prefixed with a quote, so a hostile user agent cannot run in Excel.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(event: StoredAuditEvent): string {
  const cells = [
    event.id,
    event.occurred_at,
    event.tenant_id,
    event.actor.type,
    event.actor.id,
    event.on_behalf_of?.type,
    event.on_behalf_of?.id,
    event.delegation_chain.map((link) => link.sub).join(' > '),
    event.action,
    event.target?.type,
    event.target?.id,
    event.outcome.status,
    event.outcome.reason,
    event.source.ip,
    event.source.user_agent,
    event.request_id,
    event.units,
    event.chain.seq,
    event.chain.hash,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}
