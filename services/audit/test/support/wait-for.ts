import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` until it returns true; fails with `what` after `timeoutMs` (a liveness bound, not a speed check). */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(100);
  }
  throw new Error(`Timed out waiting for ${what}`);
}
