import type { BodyOf, QueryOf, ResponseOf } from '../api-types.js';
import type { paths } from '../generated/audit.gen.js';
import type { HttpClient } from '../http.js';
import { toQuery } from '../http-query.js';
import { uuidv7 } from '../uuidv7.js';
import { AuditRecorder, type RecorderOptions } from './audit-recorder.js';

type IngestBody = BodyOf<paths, '/v1/events', 'post'>;
/** One agent action to record (`agent.action.*`). `id` and `occurred_at` are filled in when absent. */
export type AgentActionInput = Extract<IngestBody, { events: unknown }>['events'][number];
export type IngestResult = ResponseOf<paths, '/v1/events', 'post'>;
export type AuditEvent = ResponseOf<paths, '/v1/events/{id}', 'get'>;
export type AuditQuery = QueryOf<paths, '/v1/events', 'get'>;
export type AuditPage = ResponseOf<paths, '/v1/events', 'get'>;
export type VerifyReport = ResponseOf<paths, '/v1/verify', 'get'>;
export type ExportFormat = 'ndjson' | 'csv' | 'ocsf';
export type ExportQuery = Omit<QueryOf<paths, '/v1/events/export', 'get'>, 'format'>;

export interface ExportProgress {
  received: number;
  /** From `X-Total-Count`: the exact number of records the export carries. */
  total: number | undefined;
}

/** `bw.audit`: record agent actions, query, export and verify the tenant's hash chain. */
export class AuditClient {
  constructor(private readonly http: HttpClient) {}

  /** Sends up to 1,000 agent actions in one call; 202 means they are durable in audit's outbox. */
  async record(events: AgentActionInput | AgentActionInput[]): Promise<IngestResult> {
    const list = (Array.isArray(events) ? events : [events]).map((event) => ({
      ...event,
      id: event.id ?? uuidv7(),
      occurred_at: event.occurred_at ?? new Date().toISOString(),
    }));
    // Client-chosen ids make the POST safe to retry: a repeated id is a replay, not a duplicate.
    return this.http.request<IngestResult>({
      method: 'POST',
      path: '/v1/events',
      json: { events: list },
      idempotent: true,
    });
  }

  /** A batching recorder for resource servers: never blocks the caller, flushes on `close()`. */
  recorder(options: RecorderOptions = {}): AuditRecorder {
    return new AuditRecorder((events) => this.record(events), options);
  }

  get(id: string): Promise<AuditEvent> {
    return this.http.request<AuditEvent>({ method: 'GET', path: `/v1/events/${encodeURIComponent(id)}` });
  }

  query(query: AuditQuery = {}): Promise<AuditPage> {
    return this.http.request<AuditPage>({ method: 'GET', path: '/v1/events', query: toQuery(query) });
  }

  /** Every matching event, page after page. */
  async *iterate(query: AuditQuery = {}): AsyncGenerator<AuditPage['data'][number]> {
    let cursor: string | undefined = query.cursor;
    do {
      const page = await this.query({ ...query, ...(cursor ? { cursor } : {}) });
      yield* page.data;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  verify(range: { from?: string; to?: string } = {}): Promise<VerifyReport> {
    return this.http.request<VerifyReport>({ method: 'GET', path: '/v1/verify', query: toQuery(range) });
  }

  /**
   * Streams an export, one record (line) at a time; `onProgress` sees received / X-Total-Count.
   * CSV yields its header line first (not counted as a record).
   */
  async *export(
    format: ExportFormat = 'ndjson',
    query: ExportQuery = {},
    options: { onProgress?: (progress: ExportProgress) => void; signal?: AbortSignal } = {},
  ): AsyncGenerator<string> {
    const response = await this.http.stream({
      path: '/v1/events/export',
      query: toQuery({ ...query, format }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const totalHeader = response.headers.get('x-total-count');
    const total = totalHeader === null ? undefined : Number(totalHeader);
    let received = 0;
    let headerPending = format === 'csv';
    options.onProgress?.({ received, total });
    for await (const line of readLines(response)) {
      if (line.length === 0) continue;
      yield line;
      if (headerPending) {
        headerPending = false;
        continue;
      }
      received += 1;
      options.onProgress?.({ received, total });
    }
  }
}

/** Splits a streamed body into lines. CSV fields with embedded newlines are quoted, so we join them. */
export async function* readLines(response: Response): AsyncGenerator<string> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut = completeLineEnd(buffer);
    while (cut >= 0) {
      yield buffer.slice(0, cut).replace(/\r$/, '');
      buffer = buffer.slice(cut + 1);
      cut = completeLineEnd(buffer);
    }
  }
  buffer += decoder.decode();
  if (buffer.length > 0) yield buffer.replace(/\r?\n$/, '');
}

/** Index of the first newline outside double quotes, or -1. */
function completeLineEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) return i;
  }
  return -1;
}
