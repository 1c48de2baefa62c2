import { buildEmulatorApp, type EmulatorOptions } from './app.js';
import type { EmulatorContext } from './context.js';

export interface StartedStripeEmulator {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Options for `new Stripe(key, …)` that point the official SDK at this emulator. */
  stripeOptions: { host: string; port: number; protocol: 'http' };
  ctx: EmulatorContext;
  reset(): void;
  close(): Promise<void>;
}

/** Starts the emulator on 127.0.0.1 (`port: 0` picks a free port, which tests should use). */
export async function startStripeEmulator(
  options: EmulatorOptions & { port?: number; host?: string } = {},
): Promise<StartedStripeEmulator> {
  const { app, ctx, reset } = buildEmulatorApp(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 12111, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 12111);
  return {
    port,
    url: `http://${host}:${port}`,
    stripeOptions: { host, port, protocol: 'http' },
    ctx,
    reset,
    close: async () => {
      await ctx.webhooks.idle();
      await app.close();
    },
  };
}
