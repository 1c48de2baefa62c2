import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The example agent's in-process stack, by path: a workspace dependency on it would be a cycle.
import { useLocalStack } from '../../../apps/example-agent/test/support/stack.js';
import { Bulwark, bulwarkExpress } from '../src/index.js';
import { type DemoTenant, onboardTenant, until } from './support/tenant.js';

// Embedded Unleash boots in this file's beforeAll; the harness gives that hook a long timeout.
const stack = useLocalStack({ flags: true });

let tenant: DemoTenant;

beforeAll(async () => {
  tenant = await onboardTenant(stack.adminKey, stack.urls, {
    label: 'flags',
    scopes: ['flags:admin', 'flags:read'],
    agentScopes: ['email'],
  });
});

describe('bw.flags against the real flags service (embedded Unleash)', () => {
  it('creates and toggles a flag through /v1/flags; isEnabled follows within the cache interval', async () => {
    const flags = tenant.client.flags; // default 5 s evaluation cache, as documented
    const created = await flags.create({ name: 'new-inbox', description: 'the new inbox' });
    expect(created).toMatchObject({ name: 'new-inbox', enabled: false, rollout: 100 });
    expect((await flags.list()).data.map((f) => f.name)).toContain('new-inbox');
    expect(await flags.isEnabled('new-inbox')).toBe(false);

    expect(await flags.toggle('new-inbox', true)).toMatchObject({ name: 'new-inbox', enabled: true });
    await until('the flag to read as on', async () =>
      (await flags.isEnabled('new-inbox')) ? true : undefined,
    );

    // A second client with its own cache sees the same answer, and then the switch back off.
    const reader = new Bulwark({ apiKey: tenant.key, urls: stack.urls, flags: { cacheMs: 1000 } }).flags;
    expect(await reader.isEnabled('new-inbox')).toBe(true);
    await flags.toggle('new-inbox', false);
    await until('the flag to read as off', async () =>
      (await reader.isEnabled('new-inbox')) ? undefined : true,
    );
  });

  it('getVariant returns the configured variant when on and `disabled` when off', async () => {
    const flags = tenant.client.flags;
    await flags.create({
      name: 'theme',
      enabled: true,
      variants: [{ name: 'dark', payload: { type: 'string', value: 'night' } }],
    });
    const variant = await until('the variant', async () => {
      const v = await flags.getVariant('theme');
      return v.enabled ? v : undefined;
    });
    expect(variant).toMatchObject({
      name: 'dark',
      enabled: true,
      payload: { type: 'string', value: 'night' },
    });

    await flags.toggle('theme', false);
    await until('the variant to switch off', async () => {
      const v = await flags.getVariant('theme');
      return v.enabled ? undefined : v;
    });
    expect(await flags.getVariant('theme')).toEqual({ name: 'disabled', enabled: false });
    expect(await flags.getVariant('never-created')).toEqual({ name: 'disabled', enabled: false });
    expect(await flags.isEnabled('never-created')).toBe(false);
  });

  it('evaluates as the calling agent with its token; another tenant never sees the flag', async () => {
    const flags = tenant.client.flags;
    await flags.create({ name: 'agent-beta', enabled: true });
    const token = await tenant.client.auth.generateScopedToken(tenant.user, {
      scope: 'email',
      ttl: 600,
      agent: tenant.agent.id,
    });
    const asAgent = new Bulwark({ urls: stack.urls, flags: { cacheMs: 0 } }).flags;
    await until('the agent to see the flag', async () =>
      (await asAgent.isEnabled('agent-beta', undefined, { token: token.value })) ? true : undefined,
    );
    const evaluation = await asAgent.evaluate(['agent-beta'], undefined, `Bearer ${token.value}`);
    expect(evaluation.context.user_id).toBe(tenant.user.id);

    // The root tenant has no flag of that name: tenant isolation, not a shared namespace.
    const root = new Bulwark({ apiKey: stack.adminKey, urls: stack.urls, flags: { cacheMs: 0 } }).flags;
    expect(await root.isEnabled('agent-beta')).toBe(false);
    await expect(root.toggle('agent-beta', false)).rejects.toMatchObject({ status: 404 });
    await expect(flags.create({ name: 'agent-beta' })).rejects.toMatchObject({ status: 409 });
  });
});

describe('bulwarkExpress with a flag gate', () => {
  let baseUrl: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const app = express();
    const gate = new Bulwark({ urls: stack.urls, flags: { cacheMs: 0 } }).flags;
    app.get(
      '/inbox',
      bulwarkExpress({
        verifier: tenant.client.verifier(),
        scope: 'email',
        flag: { client: gate, name: 'gated-inbox' },
      }),
      (_req, res) => {
        res.json({ ok: true });
      },
    );
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });

  afterAll(async () => {
    await close?.();
  });

  it('refuses with 403 feature_disabled while the flag is off and lets the call through once on', async () => {
    await tenant.client.flags.create({ name: 'gated-inbox', enabled: false });
    const token = await tenant.client.auth.generateScopedToken(tenant.user, {
      scope: 'email',
      ttl: 600,
      agent: tenant.agent.id,
    });
    const call = () => fetch(`${baseUrl}/inbox`, { headers: { authorization: `Bearer ${token.value}` } });
    const off = await call();
    expect(off.status).toBe(403);
    expect(await off.json()).toMatchObject({ code: 'feature_disabled' });

    await tenant.client.flags.toggle('gated-inbox', true);
    const on = await until('the gate to open', async () => {
      const response = await call();
      return response.status === 200 ? response : undefined;
    });
    expect(await on.json()).toEqual({ ok: true });
  });
});
