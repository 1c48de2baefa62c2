import { startStripeEmulator } from './start.js';

/**
 * Process entry for `npm start`: a local stand-in for api.stripe.com. Env is read only here.
 * STRIPE_EMULATOR_PORT (12111), STRIPE_EMULATOR_WEBHOOK_URL + STRIPE_EMULATOR_WEBHOOK_SECRET (optional),
 * STRIPE_EMULATOR_RATE_LIMIT (25 requests/s per read/write bucket, Stripe's test-mode limit).
 */
const port = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
const webhookUrl = process.env.STRIPE_EMULATOR_WEBHOOK_URL;
const webhookSecret = process.env.STRIPE_EMULATOR_WEBHOOK_SECRET;
const rate = Number(process.env.STRIPE_EMULATOR_RATE_LIMIT ?? 25);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`STRIPE_EMULATOR_PORT=${process.env.STRIPE_EMULATOR_PORT} is not a TCP port.`);
  process.exit(1);
}
if (!Number.isInteger(rate) || rate < 1) {
  console.error(
    `STRIPE_EMULATOR_RATE_LIMIT=${process.env.STRIPE_EMULATOR_RATE_LIMIT} must be a positive integer.`,
  );
  process.exit(1);
}

const emulator = await startStripeEmulator({
  port,
  host: process.env.STRIPE_EMULATOR_HOST ?? '127.0.0.1',
  rateLimitPerSecond: rate,
  webhookEndpoints: webhookUrl && webhookSecret ? [{ url: webhookUrl, secret: webhookSecret }] : [],
});
console.log(`stripe-emulator (a local stand-in for Stripe, not Stripe) listening on ${emulator.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
