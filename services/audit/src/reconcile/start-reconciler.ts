import { errorMessage } from '@bulwark/queue';
import { createReconciler, type Reconciler, type ReconcilerOptions } from './reconciler.js';

/**
 * Runs the reconciler every `intervalMs`, one run after the other (a slow run delays the next one,
 * runs never overlap in a process; across processes the advisory lock keeps it to one).
 */
export function startReconciler(options: ReconcilerOptions & { intervalMs: number }): {
  reconciler: Reconciler;
  stop(): Promise<void>;
} {
  const reconciler = createReconciler(options);
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      running = reconciler
        .runOnce()
        .catch((error: unknown) =>
          options.log.error({ detail: errorMessage(error) }, 'Reconciler run failed'),
        )
        .finally(() => {
          if (!stopped) schedule();
        });
    }, options.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    reconciler,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await reconciler.close();
    },
  };
}
