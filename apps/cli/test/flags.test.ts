import { useLocalStack } from '@bulwark/example-agent/testing';
import { Bulwark } from '@bulwark/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, serviceUrlEnv } from './support/run-cli.js';

// Embedded Unleash boots in this file's beforeAll; the harness gives that hook a long timeout.
const stack = useLocalStack({ flags: true });
let tenantKey = '';
const { run } = cliRunner(() => ({ ...serviceUrlEnv(stack.urls), BULWARK_API_KEY: tenantKey }));

interface FlagJson {
  name: string;
  enabled: boolean;
  rollout: number;
}

beforeAll(async () => {
  // A tenant operator's key, as a customer would use the CLI (not the root bootstrap key).
  const operator = new Bulwark({ apiKey: stack.adminKey, urls: stack.urls });
  const tenant = await operator.auth.tenants.create({ name: 'CLI flags' });
  tenantKey = (
    await operator.auth.apiKeys.create(
      { name: 'flags operator', scopes: ['flags:admin', 'flags:read'] },
      { tenantId: tenant.id },
    )
  ).key;
  const bw = new Bulwark({ apiKey: tenantKey, urls: stack.urls });
  await bw.flags.create({ name: 'dark-mode', description: 'night theme' });
  await bw.flags.create({ name: 'beta-inbox', enabled: true, rollout: 25 });
});

describe('bulwark flags, against the real flags service', () => {
  it('list --json prints the tenant flags; the default is a readable table', async () => {
    const listed = await run(['flags', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const flags = listed.json() as FlagJson[];
    expect(flags.map((f) => f.name)).toEqual(['beta-inbox', 'dark-mode']);
    expect(flags).toContainEqual(expect.objectContaining({ name: 'beta-inbox', enabled: true, rollout: 25 }));
    expect(flags).toContainEqual(expect.objectContaining({ name: 'dark-mode', enabled: false }));

    const table = await run(['flags', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+ENABLED\s+ROLLOUT/);
    expect(table.stdout).toMatch(/^dark-mode\s+false\s+100/m);
  });

  it('toggle on|off --json changes the flag, and list shows it', async () => {
    const on = await run(['flags', 'toggle', 'dark-mode', 'on', '--json']);
    expect(on.code, on.stderr).toBe(0);
    expect(on.json()).toMatchObject({ name: 'dark-mode', enabled: true });
    const listed = (await run(['flags', 'list', '--json'])).json() as FlagJson[];
    expect(listed.find((f) => f.name === 'dark-mode')?.enabled).toBe(true);

    const off = await run(['flags', 'toggle', 'dark-mode', 'off']);
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/^enabled\s+false$/m);
  });

  it('exits 2 for bad usage, 3 for a refused key and 4 for an unknown flag', async () => {
    const badState = await run(['flags', 'toggle', 'dark-mode', 'maybe', '--json']);
    expect(badState.code).toBe(2);
    expect(JSON.parse(badState.stderr)).toMatchObject({ error: { code: 'usage' } });
    expect((await run(['flags', 'frobnicate', '--json'])).code).toBe(2);

    const unknown = await run(['flags', 'toggle', 'no-such-flag', 'on', '--json']);
    expect(unknown.code).toBe(4);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { status: 404 } });

    const wrongKey = await run(['flags', 'list', '--json'], {
      BULWARK_API_KEY: 'bwk_v1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(wrongKey.code).toBe(3);
    expect(JSON.parse(wrongKey.stderr)).toMatchObject({ error: { status: 401 } });
  });
});
