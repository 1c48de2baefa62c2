import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, type JWK } from 'jose';

/**
 * A test signing key plus helpers to mint RFC 9068 access tokens with it. This is a real key and
 * real signatures; only the issuer is local. Tokens are signed here (not with jose's SignJWT) so a
 * test can put any header on them — including the hostile ones a verifier must reject.
 */
export type TestAlg = 'ES256' | 'EdDSA' | 'RS256';

export interface TestIssuerOptions {
  alg?: TestAlg;
  issuer?: string;
  audience?: string;
  kid?: string;
}

export interface MintOptions {
  /** Lifetime in seconds from `now` (default 900). */
  expiresIn?: number;
  /** Epoch seconds used for `iat`/`nbf`/`exp` (default: the wall clock). */
  now?: number;
  /** Merged over the default `{ alg, kid, typ: 'at+jwt' }`; a value of `undefined` removes the member. */
  header?: Record<string, unknown>;
}

/** What the fake introspection endpoint answers for a registered API key (RFC 7662 + Bulwark members). */
export interface TestApiKeyInfo {
  tenant_id: string;
  sub: string;
  scope: string;
  active?: boolean;
  exp?: number;
}

export interface ServedTestIssuer {
  url: string;
  jwksUrl: string;
  introspectionUrl: string;
  /** How many times each endpoint was hit — lets tests prove caching and refetch cooldowns. */
  hits: { jwks: number; introspection: number };
  close(): Promise<void>;
}

export interface TestIssuer {
  issuer: string;
  audience: string;
  alg: TestAlg;
  kid: string;
  jwks: { keys: JWK[] };
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Claims default to a plain user token; a claim set to `undefined` is left out. */
  mint(claims?: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /** Signs exactly the given header and payload (no defaults). */
  signRaw(header: Record<string, unknown>, payload: Record<string, unknown>): string;
  registerApiKey(key: string, info: TestApiKeyInfo): void;
  /** Serves `/jwks` and a fake `/introspect` on 127.0.0.1 — only for unit-testing verifiers. */
  serveJwks(): Promise<ServedTestIssuer>;
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Builds `header.payload.signature` from raw parts, for forging tokens in attack tests. */
export function encodeUnsignedJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signature: Buffer | string = '',
): string {
  const sig = typeof signature === 'string' ? signature : signature.toString('base64url');
  return `${base64urlJson(header)}.${base64urlJson(payload)}.${sig}`;
}

function generateKeys(alg: TestAlg): { privateKey: KeyObject; publicKey: KeyObject } {
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (alg === 'EdDSA') return generateKeyPairSync('ed25519');
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

function signingInput(alg: TestAlg, privateKey: KeyObject, input: string): Buffer {
  const data = Buffer.from(input, 'ascii');
  if (alg === 'ES256') return sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  if (alg === 'EdDSA') return sign(null, data, privateKey);
  return sign('sha256', data, privateKey);
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const alg = options.alg ?? 'ES256';
  const issuer = options.issuer ?? 'http://127.0.0.1:4001';
  const audience = options.audience ?? 'bulwark';
  const kid = options.kid ?? `sig_test_${randomUUID().slice(0, 8)}`;
  const { privateKey, publicKey } = generateKeys(alg);
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const jwks = { keys: [publicJwk] };
  const apiKeys = new Map<string, TestApiKeyInfo>();

  const signRaw = (header: Record<string, unknown>, payload: Record<string, unknown>): string => {
    const input = `${base64urlJson(header)}.${base64urlJson(payload)}`;
    return `${input}.${signingInput(alg, privateKey, input).toString('base64url')}`;
  };

  return {
    issuer,
    audience,
    alg,
    kid,
    jwks,
    privateKey,
    publicKey,
    signRaw,
    async mint(claims = {}, mintOptions = {}) {
      const now = mintOptions.now ?? Math.floor(Date.now() / 1000);
      const payload = withoutUndefined({
        iss: issuer,
        sub: 'usr_test',
        aud: audience,
        client_id: 'agt_testclient',
        scope: 'audit:read',
        tenant_id: 'ten_test',
        jti: randomUUID(),
        iat: now,
        nbf: now,
        exp: now + (mintOptions.expiresIn ?? 900),
        ...claims,
      });
      const header = withoutUndefined({ alg, kid, typ: 'at+jwt', ...(mintOptions.header ?? {}) });
      return signRaw(header, payload);
    },
    registerApiKey(key, info) {
      apiKeys.set(key, info);
    },
    serveJwks: () => serveIssuer(jwks, apiKeys),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function serveIssuer(
  jwks: { keys: JWK[] },
  apiKeys: Map<string, TestApiKeyInfo>,
): Promise<ServedTestIssuer> {
  const hits = { jwks: 0, introspection: 0 };
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method === 'GET' && request.url === '/jwks') {
      hits.jwks++;
      sendJson(response, 200, jwks);
      return;
    }
    if (request.method === 'POST' && request.url === '/introspect') {
      hits.introspection++;
      const token = new URLSearchParams(await readBody(request)).get('token') ?? '';
      // Mirrors the contract: a credential may always introspect itself, and only itself.
      if (request.headers.authorization !== `Bearer ${token}`) {
        sendJson(response, 401, { error: 'invalid_client' });
        return;
      }
      const info = apiKeys.get(token);
      if (!info || info.active === false) {
        sendJson(response, 200, { active: false });
        return;
      }
      sendJson(response, 200, { active: true, token_type: 'api_key', ...info });
      return;
    }
    sendJson(response, 404, { error: 'not_found' });
  };
  const server = createServer((request, response) => {
    handle(request, response).catch(() => sendJson(response, 500, { error: 'server_error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    jwksUrl: `${url}/jwks`,
    introspectionUrl: `${url}/introspect`,
    hits,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
