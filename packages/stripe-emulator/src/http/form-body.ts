/**
 * Decodes Stripe's form encoding (`payload[value]=25`, `items[0][price]=p`, `expand[]=x`) into nested
 * objects. Bracket indices that are all digits (or empty) build arrays; everything else builds objects.
 */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

const MAX_DEPTH = 8;

export function parseFormBody(raw: string): FormObject {
  const root: FormObject = {};
  if (raw.length === 0) return root;
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = splitKey(key);
    if (path.length === 0 || path.length > MAX_DEPTH) continue;
    assign(root, path, value);
  }
  return normaliseArrays(root) as FormObject;
}

function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  for (const match of key.slice(first).matchAll(re)) parts.push(match[1] ?? '');
  return parts;
}

function assign(target: FormObject, path: string[], value: string): void {
  let node: FormObject = target;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i] === '' ? String(Object.keys(node).length) : (path[i] as string);
    const next = node[segment];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      node = next;
    } else {
      const created: FormObject = {};
      node[segment] = created;
      node = created;
    }
  }
  const last = path[path.length - 1] as string;
  node[last === '' ? String(Object.keys(node).length) : last] = value;
}

/** Objects whose keys are exactly 0..n-1 become arrays. */
function normaliseArrays(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = normaliseArrays(value[key] as FormValue);
  const isArray = keys.length > 0 && keys.every((key, index) => key === String(index));
  return isArray ? keys.map((key) => value[key] as FormValue) : value;
}
