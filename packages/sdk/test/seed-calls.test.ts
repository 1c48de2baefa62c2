import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bulwark, BulwarkError, createVerifier } from '../src/index.js';
import { useAuthServer } from './support/auth-server.js';

const auth = useAuthServer();

let admin: Bulwark;
let backendKey: string;
let tenantId: string;
let user: { id: string; email: string };
let agent: { id: string; secret: string };

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  admin = new Bulwark({ apiKey: auth.adminKey, urls: { auth: auth.url } });
  const tenant = await admin.auth.tenants.create({ name: 'Acme' });
  tenantId = tenant.id;
  const key = await admin.auth.apiKeys.create(
    {
      name: 'acme backend',
      scopes: ['tokens:delegate', 'auth:admin', 'auth:read', 'email', 'calendar:read'],
    },
    { tenantId },
  );
  backendKey = key.key;
  const acme = new Bulwark({ apiKey: backendKey, urls: { auth: auth.url } });
  user = (await acme.auth.users.create({ email: 'alice@acme.test', name: 'Alice' })) as typeof user;
  const created = await acme.auth.agents.create({
    name: 'mail assistant',
    allowed_scopes: ['email', 'calendar:read'],
    grant_types: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
    max_token_ttl: 3600,
  });
  agent = { id: created.agent.id, secret: created.client_secret as string };
});

describe('the seed article calls, verbatim, against the real auth service', () => {
  it('generateScopedToken(user, { scope: "email", ttl: 3600 }) gives a delegated 1 h email token', async () => {
    const authService = new Bulwark({ apiKey: backendKey, agentId: agent.id, urls: { auth: auth.url } }).auth;

    const token = await authService.generateScopedToken(user, { scope: 'email', ttl: 3600 });

    expect(token.expiresIn).toBe(3600);
    expect(token.scope).toEqual(['email']);
    const claims = decodeJwt(String(token));
    expect(claims).toMatchObject({
      sub: user.id,
      scope: 'email',
      tenant_id: tenantId,
      act: { sub: agent.id },
      iss: auth.url,
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    const verified = await createVerifier({ issuer: auth.url, audience: 'bulwark' }).verify(String(token), {
      scope: 'email',
    });
    expect(verified.delegationChain).toEqual([agent.id]);
    expect(verified.agentId).toBe(agent.id);
  });

  it('accepts a plain user id and an explicit agent option too', async () => {
    const authService = new Bulwark({ apiKey: backendKey, urls: { auth: auth.url } }).auth;
    const token = await authService.generateScopedToken(user.id, {
      scope: 'email',
      ttl: 600,
      agent: agent.id,
    });
    expect(decodeJwt(token.value)).toMatchObject({ sub: user.id, act: { sub: agent.id } });
  });

  it('getAccessToken(clientId, clientSecret, scope, grantType) gives the agent its own token', async () => {
    const authService = new Bulwark({ urls: { auth: auth.url } }).auth;
    const clientId = agent.id;
    const clientSecret = agent.secret;
    const scope = 'email';
    const grantType = 'client_credentials';

    const accessToken = await authService.getAccessToken(clientId, clientSecret, scope, grantType);

    const claims = decodeJwt(String(accessToken));
    expect(claims).toMatchObject({ sub: agent.id, client_id: agent.id, scope: 'email', tenant_id: tenantId });
    expect(claims.act).toBeUndefined();
    expect(accessToken.tokenType).toBe('Bearer');
  });

  it('reports wrong credentials and unknown users as typed BulwarkErrors', async () => {
    const authService = new Bulwark({ apiKey: backendKey, agentId: agent.id, urls: { auth: auth.url } }).auth;
    const badSecret = await authService
      .getAccessToken(agent.id, 'bws_v1_wrong', 'email', 'client_credentials')
      .catch((e) => e);
    expect(badSecret).toBeInstanceOf(BulwarkError);
    expect(badSecret).toMatchObject({ status: 401, code: 'invalid_client' });
    const unknown = await authService
      .generateScopedToken('usr_doesnotexist', { scope: 'email', ttl: 60 })
      .catch((e) => e);
    expect(unknown).toMatchObject({ status: 404 });
    const tooWide = await authService
      .generateScopedToken(user, { scope: 'files:write', ttl: 60 })
      .catch((e) => e);
    expect(tooWide).toBeInstanceOf(BulwarkError);
    expect(tooWide.status).toBeGreaterThanOrEqual(400);
    expect(tooWide.status).toBeLessThan(500);
  });
});

describe('bw.auth beyond the seed calls', () => {
  it('lists agents, users and api keys of the tenant', async () => {
    const acme = new Bulwark({ apiKey: backendKey, urls: { auth: auth.url } });
    expect((await acme.auth.agents.list()).data.map((a) => a.id)).toContain(agent.id);
    expect((await acme.auth.users.list()).data.map((u) => u.id)).toContain(user.id);
    const keys = await acme.auth.apiKeys.list();
    expect(keys.data.length).toBeGreaterThan(0);
    expect(JSON.stringify(keys)).not.toContain(backendKey);
  });

  it('exchanges a delegated token onward and keeps the act chain (innermost = first actor)', async () => {
    const acme = new Bulwark({ apiKey: backendKey, urls: { auth: auth.url } });
    const second = await acme.auth.agents.create({
      name: 'sub-agent',
      allowed_scopes: ['email'],
      grant_types: ['urn:ietf:params:oauth:grant-type:token-exchange'],
      max_token_ttl: 900,
    });
    const first = await acme.auth.generateScopedToken(user, { scope: 'email', ttl: 3600, agent: agent.id });
    const onward = await acme.auth.exchangeToken({
      subjectToken: first.value,
      scope: 'email',
      clientId: second.agent.id,
      clientSecret: second.client_secret as string,
    });
    const verified = await createVerifier({ issuer: auth.url, audience: 'bulwark' }).verify(onward.value);
    expect(verified.delegationChain).toEqual([second.agent.id, agent.id]);
    expect(onward.expiresIn).toBeLessThanOrEqual(900);
  });

  it('introspects and revokes; a verifier with the revocation feed refuses the token soon after', async () => {
    const acme = new Bulwark({ apiKey: backendKey, urls: { auth: auth.url } });
    const token = await acme.auth.generateScopedToken(user, { scope: 'email', ttl: 600, agent: agent.id });
    expect(await acme.auth.introspect(token.value)).toMatchObject({
      active: true,
      sub: user.id,
      scope: 'email',
    });

    const verifier = createVerifier({ issuer: auth.url, audience: 'bulwark' });
    const feed = verifier.connectRevocationFeed({ apiKey: backendKey, pollIntervalMs: 200 });
    try {
      await feed.ready;
      await expect(verifier.verify(token.value)).resolves.toMatchObject({ subject: user.id });
      await acme.auth.revoke(token.value);
      expect(await acme.auth.introspect(token.value)).toEqual({ active: false });
      await until('the verifier to see the revocation', async () =>
        verifier.verify(token.value).then(
          () => false,
          (e: unknown) => /revoked/.test(String((e as Error).message)),
        ),
      );
    } finally {
      verifier.close();
    }
  });

  it('applies the agent kill switch through the feed', async () => {
    const acme = new Bulwark({ apiKey: backendKey, urls: { auth: auth.url } });
    const doomed = await acme.auth.agents.create({
      name: 'doomed',
      allowed_scopes: ['email'],
      max_token_ttl: 600,
    });
    const token = await acme.auth.generateScopedToken(user, {
      scope: 'email',
      ttl: 600,
      agent: doomed.agent.id,
    });
    const verifier = createVerifier({ issuer: auth.url, audience: 'bulwark' });
    const feed = verifier.connectRevocationFeed({ apiKey: backendKey, pollIntervalMs: 200 });
    try {
      await feed.ready;
      await verifier.verify(token.value);
      await acme.auth.agents.revoke(doomed.agent.id);
      await until('the kill switch to apply', async () =>
        verifier.verify(token.value).then(
          () => false,
          () => true,
        ),
      );
    } finally {
      verifier.close();
    }
  });
});
