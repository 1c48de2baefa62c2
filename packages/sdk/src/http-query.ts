/** Turns a typed query object into the flat string map HttpClient sends. Arrays are comma-joined. */
export function toQuery(input: object | undefined): Record<string, string | number | boolean | undefined> {
  const out: Record<string, string | number | boolean | undefined> = {};
  for (const [key, value] of Object.entries(input ?? {})) {
    if (value === undefined || value === null) continue;
    out[key] = Array.isArray(value) ? value.join(',') : value instanceof Date ? value.toISOString() : value;
  }
  return out;
}
