import Stripe from 'stripe';
import { type EmulatorOptions, type StartedStripeEmulator, startStripeEmulator } from '../src/index.js';

export const TEST_KEY = 'sk_test_bulwark_emulator_tests';

export interface Harness {
  emulator: StartedStripeEmulator;
  stripe: Stripe;
}

/** A fresh emulator on a free port and an official SDK client pointed at it (no SDK retries). */
export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startStripeEmulator({ port: 0, ...options });
  const stripe = new Stripe(TEST_KEY, { ...emulator.stripeOptions, maxNetworkRetries: 0 });
  return { emulator, stripe };
}

export function frozenClock(startMs = Date.UTC(2026, 0, 15, 12)): {
  nowMs: () => number;
  advance(ms: number): void;
} {
  let now = startMs;
  return {
    nowMs: () => now,
    advance(ms) {
      now += ms;
    },
  };
}

export async function createMeter(stripe: Stripe, eventName: string, formula: 'sum' | 'count' = 'sum') {
  return stripe.billing.meters.create({
    display_name: eventName,
    event_name: eventName,
    default_aggregation: { formula },
  });
}

/** Resolves with the rejection of a promise that must fail. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, it succeeded');
}
