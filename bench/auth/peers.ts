/**
 * The two peers the auth benchmark compares against, started in this process:
 * - node-oidc-provider 9 issuing JWT access tokens for client_credentials (resource indicators,
 *   `accessTokenFormat: 'jwt'`, ES256);
 * - a minimal fastify + jose ES256 signer: form parse, Basic check, sign — the ceiling for any
 *   JWT-issuing HTTP endpoint on this machine (no database, no audit).
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider from 'oidc-provider';

export const PEER_CLIENT = { id: 'bench-client', secret: 'bench-secret-0123456789abcdef0123456789' };

export async function startOidcProvider(): Promise<{ url: string; close: () => Promise<void> }> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'bench-es256', alg: 'ES256', use: 'sig' };
  let server: Server | undefined;
  const placeholder = 'http://127.0.0.1';
  const provider = new Provider(placeholder, {
    clients: [
      {
        client_id: PEER_CLIENT.id,
        client_secret: PEER_CLIENT.secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [jwk] },
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:bulwark:bench',
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'email:read',
          audience: 'urn:bulwark:bench',
          accessTokenTTL: 900,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
  });
  server = provider.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server?.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/token`,
    close: () => new Promise<void>((resolve) => server?.close(() => resolve())),
  };
}

export async function startMinimalSigner(): Promise<{ url: string; close: () => Promise<void> }> {
  const { privateKey } = await generateKeyPair('ES256');
  const expected = Buffer.from(
    `Basic ${Buffer.from(`${PEER_CLIENT.id}:${PEER_CLIENT.secret}`).toString('base64')}`,
  );
  const app = Fastify({ logger: false });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.post('/token', async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.status(401).send({ error: 'invalid_client' });
    }
    const { scope } = request.body as { scope?: string };
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ client_id: PEER_CLIENT.id, scope: scope ?? '' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'minimal' })
      .setIssuer('http://127.0.0.1')
      .setSubject(PEER_CLIENT.id)
      .setAudience('bulwark')
      .setIssuedAt(now)
      .setExpirationTime(now + 900)
      .setJti(randomUUID())
      .sign(privateKey);
    reply.header('cache-control', 'no-store');
    return { access_token: token, token_type: 'Bearer', expires_in: 900, scope };
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/token`, close: () => app.close() };
}
