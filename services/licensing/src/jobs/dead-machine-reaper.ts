import type { LicensingDeps, Log } from '../domain/context.js';
import { reapDeadMachines } from '../domain/reap-dead-machines.js';

export interface DeadMachineReaper {
  /** One sweep now; resolves with the number of machines freed. Sweeps never overlap. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs `reapDeadMachines` every `intervalMs` (LICENSING_REAPER_INTERVAL_SECONDS). The timer is
 * unref'd so it never keeps the process alive, and `stop()` waits for a sweep in flight, so a
 * graceful shutdown does not cut a transaction in half. A failing sweep is logged and retried next tick.
 */
export function startDeadMachineReaper(
  deps: LicensingDeps,
  options: { intervalMs: number; log: Log },
): DeadMachineReaper {
  let running: Promise<number> | undefined;
  const sweep = (): Promise<number> => {
    running ??= reapDeadMachines(deps, { log: options.log }).finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    sweep().catch((error: unknown) =>
      options.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'reaper sweep failed',
      ),
    );
  }, options.intervalMs);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
