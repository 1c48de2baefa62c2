import type { Actor } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import type { AuthDeps } from '../context.js';
import { updateAgent } from '../db/agents-sql.js';
import { type EpochKind, insertRevokedJti, upsertEpoch } from '../db/revocations-sql.js';
import { audit } from '../infra/audit.js';
import type { Change } from '../infra/change-bus.js';
import type { TxClient } from '../infra/db-types.js';
import { publishRevocation, type RevocationMessage } from '../infra/revocation-bus.js';

export interface RevocationCtx extends AuthDeps {
  actor: Actor;
  requestId: string | null;
  source: { ip: string | null; user_agent: string | null };
}

/** After commit: mirror into Redis and publish. Postgres already answers introspection. */
export async function announce(
  deps: AuthDeps,
  messages: RevocationMessage[],
  alsoChanged: Change[] = [],
): Promise<void> {
  await deps.state.publish([
    ...alsoChanged,
    ...messages.map((message): Change => ({ type: 'revocation', message })),
  ]);
  for (const message of messages) {
    try {
      await publishRevocation(deps.redis, deps.config.redisPrefix, message);
    } catch (error) {
      deps.log.error({ err: error, kind: message.kind }, 'revocation stored but not published to Redis');
    }
  }
}

export async function revokeJtisInTx(
  tx: TxClient,
  tenantId: string,
  tokens: { jti: string; exp: number }[],
  reason: string | null,
): Promise<RevocationMessage[]> {
  for (const t of tokens) {
    await insertRevokedJti(tx, {
      jti: t.jti,
      tenant_id: tenantId,
      expires_at: new Date(t.exp * 1000),
      reason,
    });
  }
  return tokens.map((t) => ({ kind: 'jti', value: t.jti, exp: t.exp, tenant_id: tenantId }));
}

/** Revokes one access token by jti. */
export async function revokeJti(
  ctx: RevocationCtx,
  input: { tenantId: string; jti: string; exp: number; reason: string | null },
): Promise<void> {
  const messages = await withTransaction(ctx.pool, async (tx) => {
    const out = await revokeJtisInTx(tx, input.tenantId, [{ jti: input.jti, exp: input.exp }], input.reason);
    await audit(tx, {
      actor: ctx.actor,
      action: 'auth.token.revoke',
      tenantId: input.tenantId,
      target: { type: 'token', id: input.jti },
      requestId: ctx.requestId,
      source: ctx.source,
      clock: ctx.clock,
      metadata: { reason: input.reason },
    });
    return out;
  });
  await announce(ctx, messages);
}

/**
 * Revokes every token of an agent, user or tenant issued until now (`iat` < not_before). For an
 * agent this is the kill switch: it is also suspended, so it cannot get new tokens.
 */
export async function revokeSubject(
  ctx: RevocationCtx,
  input: { kind: EpochKind; subject: string; tenantId: string; reason: string | null },
): Promise<{ not_before: number }> {
  // +1: a token minted in this very second (iat == now) is revoked too.
  const notBefore = ctx.clock.nowSeconds() + 1;
  await withTransaction(ctx.pool, async (tx) => {
    await upsertEpoch(tx, {
      kind: input.kind,
      subject: input.subject,
      tenant_id: input.tenantId,
      not_before: notBefore,
      reason: input.reason,
    });
    if (input.kind === 'agent') await updateAgent(tx, input.tenantId, input.subject, { status: 'suspended' });
    await audit(tx, {
      actor: ctx.actor,
      action: 'auth.revocation.create',
      tenantId: input.tenantId,
      target: { type: input.kind, id: input.subject },
      requestId: ctx.requestId,
      source: ctx.source,
      clock: ctx.clock,
      metadata: { kind: input.kind, not_before: notBefore, reason: input.reason },
    });
  });
  await announce(
    ctx,
    [{ kind: input.kind, value: input.subject, not_before: notBefore, tenant_id: input.tenantId }],
    input.kind === 'agent' ? [{ type: 'agent', id: input.subject }] : [],
  );
  return { not_before: notBefore };
}
