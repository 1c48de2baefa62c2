import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLocalStack } from '@bulwark/example-agent/testing';
import { Bulwark } from '@bulwark/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, serviceUrlEnv } from './support/run-cli.js';

const stack = useLocalStack();
const { run: cli, configDir: configDirOf } = cliRunner(() => serviceUrlEnv(stack.urls));
let configDir: string;

beforeAll(() => {
  configDir = configDirOf();
});

describe('bulwark CLI against real services', () => {
  it('documents usage errors with exit 2 and help with exit 0', async () => {
    expect((await cli(['help'])).code).toBe(0);
    expect((await cli(['frobnicate'])).code).toBe(2);
    const noKey = await cli(['users', 'list', '--json']);
    expect(noKey.code).toBe(2);
    expect(JSON.parse(noKey.stderr)).toMatchObject({ error: { code: 'usage' } });
  });

  it('login refuses a wrong key (exit 3) and saves a good one (0600)', async () => {
    const bad = await cli([
      'login',
      '--api-key',
      'bwk_v1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      '--json',
    ]);
    expect(bad.code).toBe(3);
    const good = await cli(['login', '--api-key', stack.adminKey, '--json']);
    expect(good.code).toBe(0);
    expect(good.json()).toMatchObject({ logged_in: true, tenant_id: stack.rootTenantId });
    const file = join(configDir, 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).api_key).toBe(stack.adminKey);
  });

  it('creates and lists tenants, users and agents; readable tables by default', async () => {
    const tenant = (await cli(['tenants', 'create', '--name', 'CLI Co', '--json'])).json() as { id: string };
    expect(tenant.id).toMatch(/^ten_/);
    expect(
      ((await cli(['tenants', 'list', '--json'])).json() as { id: string }[]).map((t) => t.id),
    ).toContain(tenant.id);
    const user = await cli(['users', 'create', '--email', 'bob@cli.test', '--tenant', tenant.id, '--json']);
    expect(user.code).toBe(0);
    const listed = (await cli(['users', 'list', '--tenant', tenant.id, '--json'])).json() as {
      email: string;
    }[];
    expect(listed.map((u) => u.email)).toEqual(['bob@cli.test']);
    const table = await cli(['users', 'list', '--tenant', tenant.id]);
    expect(table.stdout).toMatch(/^ID\s+EMAIL/);
    const agent = await cli([
      'agents',
      'create',
      '--name',
      'a',
      '--scopes',
      'email',
      '--tenant',
      tenant.id,
      '--json',
    ]);
    expect(agent.json()).toMatchObject({
      agent: { allowed_scopes: ['email'] },
      client_secret: expect.stringMatching(/^bws_/),
    });
    const missing = await cli([
      'token',
      'mint',
      '--user',
      'usr_doesnotexist',
      '--agent',
      'agt_nope',
      '--scope',
      'email',
      '--json',
    ]);
    expect(missing.code).toBe(4);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { status: 404 } });
  });

  it('mints, inspects (verify + delegation chain) and revokes a scoped token', async () => {
    const user = (await cli(['users', 'create', '--email', 'carol@root.test', '--json'])).json() as {
      id: string;
    };
    const agent = (
      await cli(['agents', 'create', '--name', 'mailer', '--scopes', 'email', '--max-ttl', '3600', '--json'])
    ).json() as {
      agent: { id: string };
    };
    const minted = await cli([
      'token',
      'mint',
      '--user',
      user.id,
      '--agent',
      agent.agent.id,
      '--scope',
      'email',
      '--ttl',
      '3600',
      '--json',
    ]);
    expect(minted.code).toBe(0);
    const token = (minted.json() as { access_token: string; expires_in: number }).access_token;
    expect((minted.json() as { expires_in: number }).expires_in).toBe(3600);

    const inspected = await cli(['token', 'inspect', token, '--json']);
    expect(inspected.code).toBe(0);
    expect(inspected.json()).toMatchObject({
      claims: { sub: user.id, scope: 'email', act: { sub: agent.agent.id } },
      delegation_chain: [agent.agent.id],
      verification: { valid: true },
    });
    expect((await cli(['token', 'inspect', token])).stdout).toContain(
      `${agent.agent.id} acts on behalf of ${user.id}`,
    );

    const [h, p, s] = token.split('.');
    const forged = `${h}.${p}.${s?.startsWith('A') ? `B${s.slice(1)}` : `A${s?.slice(1)}`}`;
    expect((await cli(['token', 'inspect', forged, '--json'])).code).toBe(7);
    expect((await cli(['token', 'inspect', 'not-a-jwt'])).code).toBe(2);

    expect((await cli(['revoke', token, '--json'])).code).toBe(0);
    const introspection = await new Bulwark({ apiKey: stack.adminKey, urls: stack.urls }).auth.introspect(
      token,
    );
    expect(introspection.active).toBe(false);
  });

  it('tails, verifies and exports the audit trail; shows usage', async () => {
    const bw = new Bulwark({ apiKey: stack.adminKey, urls: stack.urls });
    await bw.audit.record({
      action: 'agent.action.cli.test',
      actor: { type: 'agent', id: 'agt_cli' },
      on_behalf_of: { type: 'user', id: 'usr_cli' },
      delegation_chain: [{ sub: 'agt_cli' }],
    });
    let tail: unknown[] = [];
    for (let i = 0; i < 100 && tail.length === 0; i += 1) {
      tail = (await cli(['audit', 'tail', '--agent', 'agt_cli', '--json'])).json() as unknown[];
      if (tail.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(tail[0]).toMatchObject({ action: 'agent.action.cli.test', on_behalf_of: { id: 'usr_cli' } });

    const verify = await cli(['audit', 'verify', '--json']);
    expect(verify.code).toBe(0);
    expect(verify.json()).toMatchObject({ ok: true });

    const out = join(configDir, 'export.ndjson');
    const exported = await cli(['audit', 'export', '--out', out, '--json'], { BULWARK_PROGRESS: '1' });
    expect(exported.code).toBe(0);
    const summary = exported.json() as { exported: number; total: number };
    expect(summary.exported).toBe(summary.total);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(summary.exported);
    expect(exported.stderr).toMatch(/export \[#+-*\] \d+\/\d+/);

    const followed = await cli([
      'audit',
      'tail',
      '--follow',
      '--agent',
      'agt_cli',
      '--json',
      '--max-polls',
      '1',
      '--interval-ms',
      '100',
    ]);
    expect(JSON.parse(followed.stdout.trim().split('\n')[0] ?? '')).toMatchObject({
      action: 'agent.action.cli.test',
    });

    const usage = await cli(['usage', '--group-by', 'agent', '--json']);
    expect(usage.code).toBe(0);
    expect(usage.json()).toMatchObject({ group_by: 'agent' });
  });

  it('maps unreachable services to exit 6 and failed offline license checks to exit 7', async () => {
    const flags = await cli(['flags', 'list', '--json'], { BULWARK_FLAGS_URL: 'http://127.0.0.1:9' });
    expect(flags.code).toBe(6);
    const keys = join(configDir, 'keys.json');
    writeFileSync(keys, JSON.stringify({ keys: [] }));
    const offline = await cli(['license', 'verify-offline', 'BWL1.bogus.key', '--keys', keys, '--json']);
    expect(offline.code).toBe(7);
    expect(offline.json()).toMatchObject({ valid: false });
  });
});
