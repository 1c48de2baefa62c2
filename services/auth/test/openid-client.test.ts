import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAgent, createApiKey, createUser, scopedToken } from './helpers/fixtures.js';
import { useAuthServer } from './helpers/harness.js';

const h = useAuthServer();

/** A standards client nobody here wrote (panva/openid-client v6) drives the server. */
describe('openid-client v6 against Bulwark auth', () => {
  it('discovers, gets client_credentials tokens, exchanges, introspects and revokes', async () => {
    const agent = await createAgent(h);
    const config = await oidc.discovery(
      new URL(h.url),
      agent.id,
      agent.secret,
      oidc.ClientSecretBasic(agent.secret),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    const metadata = config.serverMetadata();
    expect(metadata.token_endpoint).toBe(`${h.url}/oauth/token`);

    const cc = await oidc.clientCredentialsGrant(config, { scope: 'email:read calendar:read' });
    expect(cc.token_type).toBe('bearer');
    const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri as string));
    const verified = await jwtVerify(cc.access_token, jwks, { issuer: h.url, typ: 'at+jwt' });
    expect(verified.payload.client_id).toBe(agent.id);

    const user = await createUser(h);
    const backend = await createApiKey(h, ['tokens:delegate']);
    const userSeed = await scopedToken(h, backend.key, {
      user_id: user.id,
      agent_id: agent.id,
      scope: 'email:read',
    });
    const exchanged = await oidc.genericGrantRequest(
      config,
      'urn:ietf:params:oauth:grant-type:token-exchange',
      {
        subject_token: userSeed.body.access_token,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        scope: 'email:read',
      },
    );
    const exPayload = (await jwtVerify(exchanged.access_token, jwks, { issuer: h.url })).payload;
    expect(exPayload.sub).toBe(user.id);
    expect(exPayload.act).toEqual({ sub: agent.id, act: { sub: agent.id } });

    const introspection = await oidc.tokenIntrospection(config, cc.access_token);
    expect(introspection.active).toBe(true);
    expect(introspection.client_id).toBe(agent.id);

    await oidc.tokenRevocation(config, cc.access_token);
    const after = await oidc.tokenIntrospection(config, cc.access_token);
    expect(after.active).toBe(false);
  });
});
