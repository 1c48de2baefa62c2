import { createTestIssuer } from '@bulwark/testing';
import { describe, expect, it } from 'vitest';
import { buildService } from '../src/index.js';
import { bearer } from './helpers.js';

async function statusFor(alg: 'ES256' | 'EdDSA' | 'RS256', algorithms?: ('ES256' | 'EdDSA' | 'RS256')[]) {
  const issuer = await createTestIssuer({ alg });
  const served = await issuer.serveJwks();
  const app = await buildService({
    name: 'alg',
    version: '1',
    logger: false,
    rateLimit: false,
    auth: {
      issuer: issuer.issuer,
      audiences: ['bulwark'],
      jwksUrl: served.jwksUrl,
      introspectionUrl: served.introspectionUrl,
      ...(algorithms && { algorithms }),
    },
  });
  app.get('/v1/x', { config: { scope: 'audit:read' } }, async () => 'ok');
  try {
    const response = await app.inject({ method: 'GET', url: '/v1/x', headers: bearer(await issuer.mint()) });
    return response.statusCode;
  } finally {
    await app.close();
    await served.close();
  }
}

describe('signature algorithms', () => {
  it.each(['ES256', 'EdDSA', 'RS256'] as const)('accepts %s by default', async (alg) => {
    expect(await statusFor(alg)).toBe(200);
  });

  it('rejects an algorithm that is not pinned', async () => {
    expect(await statusFor('RS256', ['ES256'])).toBe(401);
  });

  it('refuses to start with an unsafe algorithm list', async () => {
    await expect(
      buildService({
        name: 'alg',
        version: '1',
        logger: false,
        auth: {
          issuer: 'http://x',
          audiences: ['bulwark'],
          jwksUrl: 'http://127.0.0.1:1/jwks',
          introspectionUrl: 'http://127.0.0.1:1/introspect',
          algorithms: ['HS256' as 'ES256'],
        },
      }),
    ).rejects.toThrow(/auth.algorithms/);
  });
});
