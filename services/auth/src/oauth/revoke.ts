import { hashSecret } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { revokeApiKey } from '../db/api-keys-sql.js';
import { revokeRefreshTokenByHash } from '../db/refresh-tokens-sql.js';
import { revokeJti, type RevocationCtx } from '../domain/revocations.js';
import { isApiKeyShaped, resolveApiKey } from '../domain/resolve-credential.js';
import { audit } from '../infra/audit.js';
import { verifyAccessToken } from './verify-access-token.js';

/**
 * RFC 7009 §2.2: the answer is 200 whether or not the token was known or already invalid, so a
 * caller learns nothing. Only tokens of the caller's tenant — and for a client, tokens issued to
 * it (§2.1) — are acted on. Refresh tokens revoke their whole family.
 */
export async function revokeToken(
  ctx: RevocationCtx,
  input: { token: string; callerClientId: string | undefined },
): Promise<void> {
  const { token } = input;
  const tenantId = ctx.actor.tenantId;
  if (token.startsWith('bwr_')) {
    await withTransaction(ctx.pool, async (tx) => {
      const found = await revokeRefreshTokenByHash(tx, hashSecret(token));
      if (!found) return;
      await tx.query(
        'UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE family_id = $1',
        [found.family_id],
      );
      await audit(tx, {
        actor: ctx.actor,
        action: 'auth.token.revoke',
        target: { type: 'refresh_token_family', id: found.family_id },
        requestId: ctx.requestId,
        source: ctx.source,
        clock: ctx.clock,
      });
    });
    return;
  }
  if (isApiKeyShaped(token)) {
    const key = await resolveApiKey(ctx, token);
    if (!key || key.tenant_id !== tenantId) return;
    const self = ctx.actor.type === 'api_key' && ctx.actor.id === key.id;
    if (!self) return;
    await withTransaction(ctx.pool, async (tx) => {
      await revokeApiKey(tx, tenantId, key.id);
      await audit(tx, {
        actor: ctx.actor,
        action: 'auth.api_key.revoke',
        target: { type: 'api_key', id: key.id },
        requestId: ctx.requestId,
        source: ctx.source,
        clock: ctx.clock,
      });
    });
    await ctx.state.publish([{ type: 'api_key', id: key.id }]);
    return;
  }
  const verified = await verifyAccessToken(ctx, token, { checkRevocation: false });
  if (!verified.ok || verified.claims.tenant_id !== tenantId) return;
  const { claims } = verified;
  if (input.callerClientId !== undefined && claims.client_id !== input.callerClientId) return;
  await revokeJti(ctx, { tenantId, jti: claims.jti, exp: claims.exp, reason: 'revoked via /oauth/revoke' });
}
