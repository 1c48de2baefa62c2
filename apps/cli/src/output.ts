/** Where a command writes: stdout for results (table or JSON), stderr for progress and notes. */
export interface Output {
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then, or when forced). */
  errIsTty: boolean;
}

export function print(io: Output, value: unknown, table?: () => string): void {
  if (io.json || !table) io.out(JSON.stringify(value, null, 2));
  else io.out(table());
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/** A plain aligned table; long cells are cut so a row stays on one line. */
export function table(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) => columns.map((c) => truncate(cell(row[c]), 60)));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}

/** `key: value` lines for one record. */
export function details(record: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(record).map((k) => k.length));
  return Object.entries(record)
    .map(([k, v]) => `${k.padEnd(width)}  ${cell(v)}`)
    .join('\n');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A one-line progress bar redrawn on stderr. */
export function progressBar(io: Output, label: string) {
  let last = '';
  return {
    update(done: number, total: number | undefined) {
      if (!io.errIsTty && done !== total) return;
      const width = 30;
      const ratio = total ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * width);
      const text = total
        ? `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`
        : `${label} ${done}`;
      if (text === last) return;
      last = text;
      io.err(io.errIsTty ? `\r${text}` : `${text}\n`);
    },
    done() {
      if (io.errIsTty) io.err('\n');
    },
  };
}
