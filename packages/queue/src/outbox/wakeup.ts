/**
 * Lets a loop sleep until either a timeout passes or someone calls `wake()`. A wake that arrives
 * while the loop is busy is remembered, so the next `wait` returns at once instead of sleeping
 * through a NOTIFY that came in mid-batch.
 */
export class Wakeup {
  private pending = false;
  private waiter: (() => void) | undefined;

  wake(): void {
    if (this.waiter) this.waiter();
    else this.pending = true;
  }

  /** Sleeps up to `ms`; returns early on `wake()`. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
  }
}
