import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAgent, createApiKey } from './helpers/fixtures.js';
import { api, basic, form, useAuthServer } from './helpers/harness.js';

// Introspection remembers verified signatures (AuthState.verifiedTokens); these prove the memo never
// answers for something a fresh verification would refuse.
const h = useAuthServer();

const issue = async (agent: { id: string; secret: string }) =>
  (
    await form(
      h,
      '/oauth/token',
      { grant_type: 'client_credentials', scope: 'email:read' },
      { authorization: basic(agent.id, agent.secret) },
    )
  ).body.access_token as string;

describe('introspection verified-token cache', () => {
  it('still applies revocation, rejects a tampered copy, and drops tokens of a retired key', async () => {
    const caller = await createApiKey(h, ['auth:read']);
    const introspect = async (token: string) =>
      (await form(h, '/oauth/introspect', { token }, { authorization: `Bearer ${caller.key}` })).body;
    const agent = await createAgent(h);

    // Revocation is checked on every call, cached signature or not.
    const revoked = await issue(agent);
    expect((await introspect(revoked)).active).toBe(true);
    expect((await introspect(revoked)).active).toBe(true);
    const revocation = await form(
      h,
      '/oauth/revoke',
      { token: revoked },
      { authorization: basic(agent.id, agent.secret) },
    );
    expect(revocation.status).toBe(200);
    expect(await introspect(revoked)).toEqual({ active: false });

    // Any other byte is another token: a tampered signature is verified afresh and refused.
    const token = await issue(agent);
    expect((await introspect(token)).active).toBe(true);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    expect(await introspect(tampered)).toEqual({ active: false });
    expect((await introspect(token)).active).toBe(true);

    // Retiring the key that signed it ends the token, although its verification is remembered.
    const oldKid = decodeProtectedHeader(token).kid as string;
    const rotated = await api(h, 'POST', '/v1/signing-keys/rotate', {
      key: h.adminKey,
      body: { immediate: true },
    });
    expect(rotated.status).toBe(200);
    expect((await introspect(token)).active).toBe(true);
    expect((await api(h, 'POST', `/v1/signing-keys/${oldKid}/retire`, { key: h.adminKey })).status).toBe(200);
    h.deps.keyring.invalidate();
    expect(await introspect(token)).toEqual({ active: false });
    // Tokens of the new key are unaffected.
    expect((await introspect(await issue(agent))).active).toBe(true);
  });
});
