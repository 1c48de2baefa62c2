import { createVerifier, decodeToken, explainDelegation } from '@bulwark/sdk';
import type { CommandContext } from '../context.js';
import { CheckFailed, UsageError } from '../exit-codes.js';
import { details, print } from '../output.js';

/** `bulwark token mint --user U --agent A --scope email [--ttl 3600]`: the seed call, from a shell. */
export async function tokenMint(ctx: CommandContext): Promise<void> {
  const bw = ctx.client();
  const ttl = ctx.flags.int('ttl');
  const token = await bw.auth.generateScopedToken(ctx.flags.required('user', '(a user id or a user token)'), {
    scope: ctx.flags.required('scope'),
    agent: ctx.flags.required('agent'),
    ...(ttl !== undefined ? { ttl } : {}),
  });
  const result = token.toJSON();
  print(ctx.io, result, () => token.value);
}

/**
 * `bulwark token inspect TOKEN [--no-verify]`: decodes, verifies against the issuer's JWKS (the
 * token's own `iss` must be the configured auth URL) and explains the delegation chain.
 * Exit 7 when verification fails; the decoded token is still printed.
 */
export async function tokenInspect(ctx: CommandContext): Promise<void> {
  const raw = ctx.args[0] ?? (ctx.flags.string('token') as string | undefined);
  if (!raw) throw new UsageError('usage: bulwark token inspect TOKEN');
  let decoded: ReturnType<typeof decodeToken>;
  try {
    decoded = decodeToken(raw);
  } catch {
    throw new UsageError('That is not a JWT access token.');
  }
  const issuer = ctx.client({ requireKey: false }).url('auth');
  let verification: { valid: boolean; reason?: string } = {
    valid: false,
    reason: 'not checked (--no-verify)',
  };
  if (!ctx.flags.bool('no-verify')) {
    try {
      await createVerifier({ issuer, audience: ctx.flags.string('audience') ?? 'bulwark' }).verify(raw);
      verification = { valid: true };
    } catch (error) {
      verification = { valid: false, reason: (error as Error).message };
    }
  }
  const exp =
    typeof decoded.claims.exp === 'number' ? new Date(decoded.claims.exp * 1000).toISOString() : null;
  const result = {
    header: decoded.header,
    claims: decoded.claims,
    expires_at: exp,
    delegation_chain: decoded.delegationChain,
    explanation: explainDelegation(decoded),
    verification,
  };
  print(ctx.io, result, () =>
    [
      details({
        subject: decoded.claims.sub,
        tenant: decoded.claims.tenant_id,
        scope: decoded.claims.scope,
        audience: decoded.claims.aud,
        issued_by: decoded.claims.iss,
        expires_at: exp,
        jti: decoded.claims.jti,
        delegation: decoded.delegationChain.length ? decoded.delegationChain.join(' ← ') : '(none)',
      }),
      '',
      result.explanation,
      verification.valid ? 'signature and claims: valid' : `NOT VALID: ${verification.reason}`,
    ].join('\n'),
  );
  if (!ctx.flags.bool('no-verify') && !verification.valid) throw new CheckFailed('token is not valid');
}

/**
 * `bulwark revoke TOKEN` (RFC 7009) or `bulwark revoke --agent ID | --user ID | --tenant ID | --jti ID`.
 */
export async function revoke(ctx: CommandContext): Promise<void> {
  const bw = ctx.client();
  const token = ctx.args[0];
  if (token) {
    await bw.auth.revoke(token);
    print(ctx.io, { revoked: true, kind: 'token' }, () => 'revoked');
    return;
  }
  for (const kind of ['jti', 'agent', 'user', 'tenant'] as const) {
    const value = ctx.flags.string(kind);
    if (value) {
      const result = await bw.auth.revocations.create({ kind, value });
      print(ctx.io, { revoked: true, kind, value, ...result }, () => `revoked ${kind} ${value}`);
      return;
    }
  }
  throw new UsageError(
    'usage: bulwark revoke TOKEN | revoke --agent ID | --user ID | --tenant ID | --jti JTI',
  );
}
