import { createTestIssuer } from '@bulwark/testing';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAgent, createUser } from './helpers/fixtures.js';
import { api, basic, form, useAuthServer } from './helpers/harness.js';

const h = useAuthServer({ AUTH_KEY_PUBLISH_DELAY: '3600' });

describe('signing key rotation', () => {
  it('publishes a pending key before it signs; the old key stays published after promotion', async () => {
    const agent = await createAgent(h);
    const cc = () =>
      form(
        h,
        '/oauth/token',
        { grant_type: 'client_credentials' },
        { authorization: basic(agent.id, agent.secret) },
      );
    const before = (await cc()).body.access_token as string;
    const oldKid = decodeProtectedHeader(before).kid;

    const rotated = await api<{ kid: string; status: string }>(h, 'POST', '/v1/signing-keys/rotate', {
      key: h.adminKey,
      body: {},
    });
    expect(rotated.body.status).toBe('pending');
    const jwks = await api<{ keys: { kid: string }[] }>(h, 'GET', '/.well-known/jwks.json');
    expect(jwks.body.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, rotated.body.kid]));
    // Still signed by the old key while the new one is only published.
    expect(decodeProtectedHeader((await cc()).body.access_token as string).kid).toBe(oldKid);

    const now = await api<{ kid: string }>(h, 'POST', '/v1/signing-keys/rotate', {
      key: h.adminKey,
      body: { immediate: true },
    });
    const after = (await cc()).body.access_token as string;
    expect(decodeProtectedHeader(after).kid).toBe(now.body.kid);
    const set = createRemoteJWKSet(new URL(`${h.url}/.well-known/jwks.json`));
    await expect(jwtVerify(before, set, { issuer: h.url })).resolves.toBeTruthy();
    await expect(jwtVerify(after, set, { issuer: h.url })).resolves.toBeTruthy();

    // The active key cannot be retired; a retiring one can, and vanishes from the JWKS.
    expect(
      (await api(h, 'POST', `/v1/signing-keys/${now.body.kid}/retire`, { key: h.adminKey })).status,
    ).toBe(409);
    expect((await api(h, 'POST', `/v1/signing-keys/${oldKid}/retire`, { key: h.adminKey })).status).toBe(200);
    h.deps.keyring.invalidate();
    const final = await api<{ keys: { kid: string }[] }>(h, 'GET', '/.well-known/jwks.json');
    expect(final.body.keys.map((k) => k.kid)).not.toContain(oldKid);
  });
});

describe('JWT bearer (RFC 7523) from a trusted issuer', () => {
  it('maps the IdP user to a Bulwark user token bound to the agent by may_act', async () => {
    const idp = await createTestIssuer({ issuer: 'https://idp.example', audience: 'bulwark-test' });
    const served = await idp.serveJwks();
    try {
      const user = await createUser(h, 'alice@example.com');
      const trusted = await api(h, 'POST', '/v1/trusted-issuers', {
        key: h.adminKey,
        body: {
          issuer: idp.issuer,
          jwks_uri: served.jwksUrl,
          audience: 'bulwark-test',
          subject_claim: 'email',
        },
      });
      expect(trusted.status).toBe(201);
      const agent = await createAgent(h, {
        grant_types: [
          'urn:ietf:params:oauth:grant-type:jwt-bearer',
          'urn:ietf:params:oauth:grant-type:token-exchange',
        ],
      });
      const assertion = await idp.mint(
        { sub: 'idp|alice', email: 'alice@example.com', aud: 'bulwark-test' },
        { expiresIn: 300 },
      );
      const res = await form(
        h,
        '/oauth/token',
        { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion, scope: 'email:read' },
        { authorization: basic(agent.id, agent.secret) },
      );
      expect(res.status).toBe(200);
      const claims = decodeJwt(res.body.access_token as string);
      expect(claims).toMatchObject({ sub: user.id, may_act: { sub: agent.id } });

      // Another agent may not exchange it (may_act, RFC 8693 §4.4).
      const other = await createAgent(h);
      const stolen = await form(
        h,
        '/oauth/token',
        {
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token: res.body.access_token as string,
          subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        },
        { authorization: basic(other.id, other.secret) },
      );
      expect(stolen.body.error).toBe('invalid_grant');

      // An assertion from an untrusted issuer is refused.
      const rogue = await createTestIssuer({ issuer: 'https://rogue.example', audience: 'bulwark-test' });
      const bad = await form(
        h,
        '/oauth/token',
        {
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: await rogue.mint({ email: 'alice@example.com' }),
        },
        { authorization: basic(agent.id, agent.secret) },
      );
      expect(bad.body.error).toBe('invalid_grant');
    } finally {
      await served.close();
    }
  });
});
