import { formatScope, uuidv7 } from '@bulwark/core';
import type { AuthDeps } from '../context.js';
import { inlineSignature } from '../keys/signing-thread.js';

/** RFC 8693 §4.1 `act`: the current actor outermost, earlier actors nested inside. */
export interface ActClaim {
  sub: string;
  act?: ActClaim;
}

export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  client_id: string;
  scope: string;
  tenant_id: string;
  act?: ActClaim;
  may_act?: { sub: string };
}

export interface MintInput {
  sub: string;
  clientId: string;
  tenantId: string;
  scopes: readonly string[];
  audiences: readonly string[];
  ttlSeconds: number;
  act?: ActClaim | undefined;
  mayAct?: { sub: string } | undefined;
}

export function actDepth(act: ActClaim | undefined): number {
  let depth = 0;
  for (let link = act; link; link = link.act) depth++;
  return depth;
}

/** Outermost first, as the Actor union and audit events list it. */
export function actChain(act: ActClaim | undefined): { sub: string }[] {
  const chain: { sub: string }[] = [];
  for (let link = act; link; link = link.act) chain.push({ sub: link.sub });
  return chain;
}

/** The claims of an RFC 9068 access token about to be signed (`signAccessToken`). */
export function accessTokenClaims(
  deps: Pick<AuthDeps, 'clock' | 'config'>,
  input: MintInput,
): AccessTokenClaims {
  const now = deps.clock.nowSeconds();
  const claims: AccessTokenClaims = {
    iss: deps.config.issuer,
    sub: input.sub,
    aud: input.audiences.length === 1 ? (input.audiences[0] as string) : [...input.audiences],
    exp: now + input.ttlSeconds,
    iat: now,
    nbf: now,
    jti: uuidv7(deps.clock.nowMs()),
    client_id: input.clientId,
    scope: formatScope(input.scopes),
    tenant_id: input.tenantId,
  };
  if (input.act) claims.act = input.act;
  if (input.mayAct) claims.may_act = input.mayAct;
  return claims;
}

/** Signs the claims as an RFC 9068 access token (`typ: at+jwt`) with the keyring's active key. */
export async function signAccessToken(
  deps: Pick<AuthDeps, 'keyring' | 'signer'>,
  claims: AccessTokenClaims,
): Promise<string> {
  const key = await deps.keyring.activeKey();
  // JWS compact serialisation (RFC 7515 §7.1) by hand: the header is precomputed per key and the
  // key already imported, so a token costs one JSON.stringify and one signature — on the signing
  // thread when there is one (keys/signing-thread.ts), else here. node:crypto's callback form was
  // tried and dropped: OpenSSL 3's per-call setup stays on the event loop (bench/auth/README.md).
  const signingInput = `${key.encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = deps.signer
    ? await deps.signer.sign(key, signingInput)
    : inlineSignature(key, signingInput);
  return `${signingInput}.${signature}`;
}

/** Claims and signature in one call (callers that have nothing to do while the token is signed). */
export async function mintAccessToken(
  deps: Pick<AuthDeps, 'keyring' | 'clock' | 'config' | 'signer'>,
  input: MintInput,
): Promise<{ token: string; claims: AccessTokenClaims }> {
  const claims = accessTokenClaims(deps, input);
  return { token: await signAccessToken(deps, claims), claims };
}
