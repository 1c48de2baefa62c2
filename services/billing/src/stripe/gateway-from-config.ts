import type { BillingConfig } from '../config.js';
import { createStripeGateway, type StripeGateway } from './stripe-gateway.js';

/** Real Stripe when STRIPE_SECRET_KEY is set, else the local emulator; `describe` is for the start-up log. */
export function gatewayFromConfig(config: BillingConfig): { gateway: StripeGateway; describe: string } {
  if (config.stripeSecretKey) {
    return {
      gateway: createStripeGateway({ secretKey: config.stripeSecretKey }),
      describe: 'Stripe (api.stripe.com)',
    };
  }
  const url = new URL(config.stripeEmulatorUrl);
  return {
    gateway: createStripeGateway({
      secretKey: 'sk_test_bulwark_emulator',
      host: { host: url.hostname, port: Number(url.port || 80), protocol: 'http' },
    }),
    describe: `the local Stripe emulator at ${config.stripeEmulatorUrl} (set STRIPE_SECRET_KEY to use Stripe)`,
  };
}
