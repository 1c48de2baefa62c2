import { setTimeout as sleep } from 'node:timers/promises';
import { PG_ERROR, hasPgErrorCode } from '../pg-errors.js';

/**
 * Retries `fn` while Postgres answers 55006 ("database is being accessed by other users"): a
 * template or database being renamed/cloned is briefly busy while a just-closed backend exits, or
 * while another test worker clones the same template.
 */
export async function retryWhileBusy<T>(fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!hasPgErrorCode(error, PG_ERROR.objectInUse) || Date.now() > deadline) throw error;
      await sleep(Math.min(250, 20 * attempt) + Math.random() * 30);
    }
  }
}
