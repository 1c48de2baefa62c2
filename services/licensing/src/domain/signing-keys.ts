import { withTransaction } from '@bulwark/db';
import type { PublicJwk } from '../keys/signing-keys.js';
import { type Ctx, audit, requireScope } from './context.js';

/** Public: anyone may verify, so anyone may fetch the keys. Retired keys stay listed. */
export async function listPublicKeys(ctx: Pick<Ctx, 'keys'>): Promise<{ keys: PublicJwk[] }> {
  return { keys: await ctx.keys.publicJwks() };
}

/**
 * The signing key belongs to the whole deployment (every tenant's keys and files), so rotating it
 * takes `tenants:admin` (the root tenant's operators), not a tenant's licensing:admin.
 */
export async function rotateSigningKey(
  ctx: Ctx,
): Promise<{ active_kid: string; retired_kid: string | null }> {
  const admin = requireScope(ctx, 'tenants:admin');
  const result = await withTransaction(ctx.pool, async (client) => {
    const rotated = await ctx.keys.rotate(client);
    await audit(client, ctx, {
      action: 'licensing.signing_key.rotate',
      target: { type: 'signing_key', id: rotated.active },
      tenantId: admin.actor.tenantId,
      changes: { before: { kid: rotated.retired ?? null }, after: { kid: rotated.active } },
    });
    return rotated;
  });
  ctx.keys.forget();
  return { active_kid: result.active, retired_kid: result.retired ?? null };
}
