import { type KeyObject, sign } from 'node:crypto';
import { formatScope, uuidv7 } from '@bulwark/core';
import type { AuthDeps } from '../context.js';

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

/** Signs an RFC 9068 access token (`typ: at+jwt`) with the keyring's active key. */
export async function mintAccessToken(
  deps: Pick<AuthDeps, 'keyring' | 'clock' | 'config'>,
  input: MintInput,
): Promise<{ token: string; claims: AccessTokenClaims }> {
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
  const key = await deps.keyring.activeKey();
  // JWS compact serialisation (RFC 7515 §7.1) by hand: the header is precomputed per key and the
  // key already imported, so a token costs one JSON.stringify and one signature.
  const signingInput = `${key.encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = signWith(key, Buffer.from(signingInput));
  return { token: `${signingInput}.${signature.toString('base64url')}`, claims };
}

/**
 * One synchronous signature with the keyring's KeyObject (no WebCrypto job, no re-import). Tried
 * and measured: node:crypto's callback form moves only the curve arithmetic to the threadpool —
 * OpenSSL 3's per-call context setup stays on the event loop — and cost more CPU per token in total
 * for no throughput gain (bench/auth/README.md). ES256 signatures are IEEE P1363 `r || s`
 * (RFC 7518 §3.4); EdDSA takes no digest.
 */
function signWith(key: { alg: string; key: KeyObject }, data: Buffer): Buffer {
  if (key.alg === 'EdDSA') return sign(null, data, key.key);
  if (key.alg === 'ES256') return sign('sha256', data, { key: key.key, dsaEncoding: 'ieee-p1363' });
  return sign('sha256', data, key.key);
}
