import type Stripe from 'stripe';

const metaPlan = (metadata: Stripe.Metadata | null | undefined): string | undefined => {
  const plan = metadata?.plan?.trim();
  return plan ? plan : undefined;
};

/**
 * The plan name a Stripe subscription stands for, most explicit first: `metadata.plan` on the
 * subscription, then on a price, then on its product (when the webhook carries it expanded), then the
 * price nickname, then the product name. Null when Stripe carries none of these (a bare price id is
 * an implementation detail, not a plan name flags should target).
 */
export function planOfSubscription(sub: Stripe.Subscription): string | null {
  const fromSubscription = metaPlan(sub.metadata);
  if (fromSubscription) return fromSubscription;
  const prices = (sub.items?.data ?? []).map((item) => item.price).filter(Boolean);
  const products = prices
    .map((price) => price.product)
    .filter(
      (product): product is Stripe.Product =>
        typeof product === 'object' && product !== null && !product.deleted,
    );
  const candidates = [
    ...prices.map((price) => metaPlan(price.metadata)),
    ...products.map((product) => metaPlan(product.metadata)),
    ...prices.map((price) => price.nickname?.trim() || undefined),
    ...products.map((product) => product.name?.trim() || undefined),
  ];
  return candidates.find((plan): plan is string => plan !== undefined)?.slice(0, 200) ?? null;
}
