import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Remembers the latest time (epoch seconds) the verifier has seen, so setting the clock back to
 * revive an expired file is noticed. Pluggable: a browser can keep it in IndexedDB, a device in
 * secure storage. Someone who can delete the store can reset it; it raises the bar, it is not DRM.
 */
export interface LastSeenStore {
  read(): Promise<number | undefined>;
  write(epochSeconds: number): Promise<void>;
}

/** Default store for Node: a small JSON file, written atomically (temp file + rename). */
export function createFileLastSeenStore(path: string): LastSeenStore {
  return {
    async read() {
      try {
        const parsed = JSON.parse(await readFile(path, 'utf8')) as { last_seen?: unknown };
        return typeof parsed.last_seen === 'number' && Number.isFinite(parsed.last_seen)
          ? parsed.last_seen
          : undefined;
      } catch {
        return undefined;
      }
    },
    async write(epochSeconds) {
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify({ last_seen: epochSeconds }), { mode: 0o600 });
      await rename(temp, path);
    },
  };
}

export type ClockCheck = { ok: true } | { ok: false; lastSeen: number };

/**
 * Compares `now` with the remembered time and moves the remembered time forward (never back).
 * `evidence` is another trusted time we have seen (e.g. a file's signed issue time).
 */
export async function checkAndRecordClock(
  store: LastSeenStore,
  now: number,
  toleranceSeconds: number,
  evidence = 0,
): Promise<ClockCheck> {
  const lastSeen = (await store.read()) ?? 0;
  if (now + toleranceSeconds < lastSeen) return { ok: false, lastSeen };
  const next = Math.max(lastSeen, now, evidence);
  if (next > lastSeen) await store.write(next);
  return { ok: true };
}
