import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  discoverServices,
  formatServiceTable,
  launchServices,
  migrateServices,
  portInUse,
  ServiceStartError,
  serviceEnvironment,
} from '../src/index.js';
import { createWorkspace, freePort } from './workspace-fixture.js';

let workspace: ReturnType<typeof createWorkspace>;
beforeEach(() => {
  workspace = createWorkspace();
});
afterEach(() => {
  workspace.remove();
});

async function getJson(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url);
  return (await res.json()) as Record<string, unknown>;
}

describe('discoverServices', () => {
  it('finds packages with a start script and a bulwark block, auth first, then by order and name', () => {
    workspace.addService('zeta', 4107);
    workspace.addService('auth', 4101);
    workspace.addService('early', 4102, { order: 1 });
    workspace.addService('billing', 4103);
    workspace.addPackage('packages/lib', { name: '@fixture/lib', scripts: { test: 'vitest run' } });
    workspace.addPackage('packages/no-block', { name: '@fixture/no-block', scripts: { start: 'node x.js' } });

    const { services, problems } = discoverServices(workspace.root);

    expect(problems).toEqual([]);
    expect(services.map((s) => s.name)).toEqual(['early', 'auth', 'billing', 'zeta']);
    expect(services.find((s) => s.name === 'auth')).toMatchObject({
      packageName: '@fixture/auth',
      port: 4101,
      portEnv: 'AUTH_PORT',
      relDir: 'services/auth',
    });
  });

  it('reports a malformed bulwark block and two services on one port instead of starting them', () => {
    workspace.addService('one', 4201);
    workspace.addService('two', 4201);
    workspace.addPackage('services/no-worker', {
      name: '@fixture/no-worker',
      scripts: { start: 'node server.mjs' },
      bulwark: { port: 4202, portEnv: 'NO_WORKER_PORT', worker: true },
    });
    workspace.addPackage('services/bad', {
      name: '@fixture/bad',
      scripts: { start: 'node server.mjs' },
      bulwark: { port: 'nope', portEnv: 'bad port' },
    });

    const { services, problems } = discoverServices(workspace.root);

    expect(services.map((s) => s.name)).toEqual(['one', 'two']);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/services\/bad\/package\.json/);
    expect(problems.join('\n')).toMatch(
      /services\/no-worker\/package\.json: "bulwark.worker" is true but there is no "worker" script/,
    );
    expect(problems.join('\n')).toMatch(/both claim port 4201/);
  });

  it('returns nothing for a workspace without services', () => {
    expect(discoverServices(workspace.root)).toEqual({ services: [], problems: [] });
  });
});

describe('launchServices', () => {
  it('starts every service with the shared env, waits for /readyz, and stops them all', async () => {
    const [authPort, secondPort] = [await freePort(), await freePort()];
    workspace.addService('auth', authPort);
    workspace.addService('second', secondPort);
    const { services } = discoverServices(workspace.root);
    const env = serviceEnvironment(workspace.root, services, {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
    });
    const lines: string[] = [];

    const launched = await launchServices({
      services,
      env,
      readyTimeoutMs: 20_000,
      write: (l) => lines.push(l),
    });
    try {
      expect((await fetch(`http://127.0.0.1:${authPort}/readyz`)).status).toBe(200);
      expect(await getJson(`http://127.0.0.1:${secondPort}/env`)).toEqual({
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_PREFIX: 'bulwark:',
        AUTH_URL: `http://127.0.0.1:${authPort}`,
        SECOND_URL: `http://127.0.0.1:${secondPort}`,
        SECOND_PORT: String(secondPort),
      });
      expect(lines.some((l) => l.startsWith('auth') && l.includes(`dummy listening on ${authPort}`))).toBe(
        true,
      );
    } finally {
      await launched.stopAll();
    }

    expect(launched.running.every((r) => !r.process.running)).toBe(true);
    expect(await portInUse(authPort)).toBe(false);
    expect(await portInUse(secondPort)).toBe(false);
  });

  it('lets a developer override the shared defaults through the environment', async () => {
    const port = await freePort();
    workspace.addService('second', port);
    const { services } = discoverServices(workspace.root);
    const env = serviceEnvironment(workspace.root, services, {
      PATH: process.env.PATH,
      REDIS_PREFIX: 'mine:',
    });

    const launched = await launchServices({ services, env, readyTimeoutMs: 20_000, write: () => {} });
    try {
      expect(await getJson(`http://127.0.0.1:${port}/env`)).toMatchObject({ REDIS_PREFIX: 'mine:' });
    } finally {
      await launched.stopAll();
    }
  });

  it('names the service and shows its last log lines when it crashes, stopping those already up', async () => {
    const [okPort, crashPort] = [await freePort(), await freePort()];
    workspace.addService('auth', okPort);
    workspace.addService('broken', crashPort, { dummyMode: 'crash' });
    const { services } = discoverServices(workspace.root);
    const env = serviceEnvironment(workspace.root, services, { PATH: process.env.PATH });

    const error = await launchServices({ services, env, readyTimeoutMs: 20_000, write: () => {} }).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(ServiceStartError);
    expect(error.service).toBe('broken');
    expect(error.message).toMatch(/exit code/);
    expect(error.lastLines.join('\n')).toContain('cannot connect to the thing it needs');
    expect(await portInUse(okPort)).toBe(false);
  });

  it('gives up with a clear error when /readyz never answers 200', async () => {
    const port = await freePort();
    workspace.addService('slow', port, { dummyMode: 'never-ready' });
    const { services } = discoverServices(workspace.root);
    const env = serviceEnvironment(workspace.root, services, { PATH: process.env.PATH });

    const error = await launchServices({ services, env, readyTimeoutMs: 1500, write: () => {} }).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(ServiceStartError);
    expect(error.message).toMatch(/^slow: .*\/readyz not ready after \d+ s \(last answer 503\)/);
    expect(await portInUse(port)).toBe(false);
  });

  it('refuses to start when the port is already taken', async () => {
    const port = await freePort();
    workspace.addService('first', port);
    const { services } = discoverServices(workspace.root);
    const env = serviceEnvironment(workspace.root, services, { PATH: process.env.PATH });
    const launched = await launchServices({ services, env, readyTimeoutMs: 20_000, write: () => {} });
    try {
      const error = await launchServices({ services, env, readyTimeoutMs: 20_000, write: () => {} }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(ServiceStartError);
      expect(error.message).toMatch(new RegExp(`port ${port} \\(FIRST_PORT\\) is already in use`));
    } finally {
      await launched.stopAll();
    }
  });

  it('kills a service that ignores SIGTERM once the grace period is over', async () => {
    const port = await freePort();
    workspace.addService('stubborn', port, { dummyMode: 'stubborn' });
    const { services } = discoverServices(workspace.root);
    const env = serviceEnvironment(workspace.root, services, { PATH: process.env.PATH });
    const launched = await launchServices({
      services,
      env,
      readyTimeoutMs: 20_000,
      stopGraceMs: 500,
      write: () => {},
    });

    await launched.stopAll();

    expect(launched.running[0]?.process.running).toBe(false);
    expect(await portInUse(port)).toBe(false);
  });
});

describe('workers', () => {
  it("starts a service's worker script once the service is ready and stops it with the rest", async () => {
    const port = await freePort();
    const dir = workspace.addService('audit', port);
    workspace.addPackage('services/audit', {
      name: '@fixture/audit',
      scripts: { start: 'node server.mjs', worker: 'node server.mjs --worker' },
      bulwark: { port, portEnv: 'AUDIT_PORT', worker: true },
    });
    const { services } = discoverServices(workspace.root);
    const env = serviceEnvironment(workspace.root, services, { PATH: process.env.PATH });

    const launched = await launchServices({ services, env, readyTimeoutMs: 20_000, write: () => {} });
    const worker = launched.running.find((r) => r.script === 'worker');
    try {
      expect(worker?.process.label).toBe('audit:worker');
      await vi.waitFor(() => expect(existsSync(join(dir, 'worker-started.txt'))).toBe(true), {
        timeout: 10_000,
      });
      expect(worker?.process.running).toBe(true);
    } finally {
      await launched.stopAll();
    }
    expect(worker?.process.running).toBe(false);
  });
});

describe('migrateServices', () => {
  it('runs each start script with --migrate-only and expects it to exit', async () => {
    const dirA = workspace.addService('auth', await freePort());
    const dirB = workspace.addService('billing', await freePort());
    const { services } = discoverServices(workspace.root);
    const env = serviceEnvironment(workspace.root, services, { PATH: process.env.PATH });

    await migrateServices({ services, env, write: () => {} });

    expect(readFileSync(join(dirA, 'migrated.txt'), 'utf8')).toBe('AUTH_PORT\n');
    expect(existsSync(join(dirB, 'migrated.txt'))).toBe(true);
  });
});

describe('formatServiceTable', () => {
  it('lists each service with its URL and docs link', () => {
    workspace.addService('auth', 4001);
    workspace.addService('audit', 4005, { docs: false });
    const table = formatServiceTable(discoverServices(workspace.root).services);
    expect(table).toMatch(/auth\s+http:\/\/127\.0\.0\.1:4001\s+http:\/\/127\.0\.0\.1:4001\/docs/);
    expect(table).toMatch(/audit\s+http:\/\/127\.0\.0\.1:4005$/m);
  });
});
