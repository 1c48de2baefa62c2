/** `now` may be a Date or epoch milliseconds; formats carry epoch seconds. */
export type NowInput = Date | number | undefined;

export function toEpochSeconds(now: NowInput): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  return Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000);
}

/** Clocks drift a little; this much skew (seconds) is not treated as rollback or "issued in the future". */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 300;
