import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { discoverServices } from '../src/index.js';

const root = join(import.meta.dirname, '..', '..', '..');
const infra = join(root, 'infra');
const read = (...parts: string[]) => readFileSync(join(infra, ...parts), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
interface Compose {
  services: Record<string, ComposeService>;
}
interface ChartValues {
  image: { repository: string; tag: string };
  migrations: { enabled: boolean };
  services: Record<
    string,
    { port: number; portEnv: string; hostEnv: string; database: string; replicas: number }
  >;
}

// Docker Compose honours YAML merge keys (`<<: *anchor`); so must the parser that checks the file.
const compose = parse(read('compose', 'docker-compose.yml'), { merge: true }) as Compose;
const stores = ['postgres', 'redis'];
const processes = Object.entries(compose.services).filter(([name]) => !stores.includes(name));
/** Workers (`command: [<service>:worker]`) have no HTTP port, so no /readyz to probe. */
const isWorker = (service: ComposeService) => service.command?.[0]?.includes(':') ?? false;
const bulwarkServices = processes.filter(([, service]) => !isWorker(service));
const workers = processes.filter(([, service]) => isWorker(service));

describe('docker compose', () => {
  it('runs PostgreSQL 15 and Redis 7 with the production redis.conf', () => {
    expect(compose.services.postgres?.image).toMatch(/^postgres:15/);
    expect(compose.services.redis?.image).toMatch(/^redis:7/);
    expect(JSON.stringify(compose.services.redis)).toContain('./redis.conf:');
    const redisConf = read('compose', 'redis.conf');
    expect(redisConf).toMatch(/^maxmemory-policy noeviction$/m);
    expect(redisConf).toMatch(/^appendonly yes$/m);
  });

  it('builds every Bulwark service from the one Dockerfile, waits for healthy stores, and health-checks /readyz', () => {
    expect(bulwarkServices.length).toBeGreaterThan(0);
    for (const [name, service] of bulwarkServices) {
      expect(service.image ?? service.build, name).toBeTruthy();
      expect(service.build?.dockerfile, name).toBe('infra/docker/Dockerfile');
      expect(
        existsSync(join(infra, 'compose', service.build?.context ?? '', 'infra/docker/Dockerfile')),
        name,
      ).toBe(true);
      expect(service.command?.[0], name).toBe(name);
      for (const store of stores)
        expect(service.depends_on?.[store]?.condition, `${name} → ${store}`).toBe('service_healthy');
      const probe = service.healthcheck?.test.join(' ') ?? '';
      expect(probe, name).toMatch(/\/readyz/);
    }
  });

  it('runs workers from the same image, as a script of an existing service, after the stores', () => {
    for (const [name, worker] of workers) {
      const [service, script] = (worker.command?.[0] ?? '').split(':');
      expect(worker.build?.dockerfile, name).toBe('infra/docker/Dockerfile');
      expect(
        compose.services[service ?? ''],
        `${name} runs a script of unknown service ${service}`,
      ).toBeDefined();
      expect(script, name).toBe('worker');
      for (const store of stores)
        expect(worker.depends_on?.[store]?.condition, `${name} → ${store}`).toBe('service_healthy');
    }
  });

  it('health-checks each service on the port it listens on and publishes that port', () => {
    for (const [name, service] of bulwarkServices) {
      const probePort = (service.healthcheck?.test.join(' ') ?? '').match(/127\.0\.0\.1:(\d+)\/readyz/)?.[1];
      expect(probePort, name).toBeDefined();
      expect(
        service.ports?.some((p) => p.endsWith(`:${probePort}`)),
        name,
      ).toBe(true);
    }
  });

  it('matches the port every workspace service declares in its package.json', () => {
    for (const service of discoverServices(root).services) {
      const entry = compose.services[service.name];
      expect(entry, `${service.relDir} is missing from docker-compose.yml`).toBeDefined();
      expect(
        entry?.ports?.some((p) => p.endsWith(`:${service.port}`)),
        service.name,
      ).toBe(true);
    }
  });

  it('documents every variable the compose file substitutes in .env.example', () => {
    const example = read('compose', '.env.example');
    const documented = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const used = new Set(
      [...read('compose', 'docker-compose.yml').matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]),
    );
    expect([...used].filter((name) => !documented.has(name))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('docker', 'Dockerfile');

  it('is one node 20 slim image with the pinned pnpm and a frozen install', () => {
    expect(dockerfile).toMatch(/^FROM node:20-slim$/m);
    expect(dockerfile).toContain('npm i -g pnpm@12.4.2');
    expect(dockerfile).toContain('--frozen-lockfile');
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/app\/infra\/docker\/entrypoint\.sh"\]$/m);
  });

  it('has an executable entrypoint that picks the package by name', () => {
    const entrypoint = join(infra, 'docker', 'entrypoint.sh');
    expect(statSync(entrypoint).mode & 0o111).not.toBe(0);
    const script = readFileSync(entrypoint, 'utf8');
    expect(script).toMatch(/for base in services apps packages/);
    expect(script).toMatch(/exec pnpm --dir/);
  });
});

describe('Helm chart', () => {
  const chartDir = join(infra, 'k8s', 'bulwark');
  const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
  const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as ChartValues;
  const templates = readdirSync(join(chartDir, 'templates'));

  it('is a v2 application chart named bulwark', () => {
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'bulwark', type: 'application' });
    expect(String(chart.version)).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('describes each service with the same port as compose', () => {
    expect(Object.keys(values.services).length).toBeGreaterThan(0);
    for (const [name, svc] of Object.entries(values.services)) {
      expect(svc.portEnv, name).toBe(`${name.toUpperCase()}_PORT`);
      const composePorts = compose.services[name]?.ports ?? [];
      expect(
        composePorts.some((p) => p.endsWith(`:${svc.port}`)),
        name,
      ).toBe(true);
    }
    for (const service of discoverServices(root).services.filter((s) => s.name !== 'stripe-emulator')) {
      expect(values.services[service.name]?.port, `${service.relDir} missing from values.yaml`).toBe(
        service.port,
      );
    }
  });

  it('has deployment, service and a migration hook job that runs --migrate-only', () => {
    expect(templates).toEqual(
      expect.arrayContaining(['deployment.yaml', 'service.yaml', 'migrate-job.yaml']),
    );
    const job = readFileSync(join(chartDir, 'templates', 'migrate-job.yaml'), 'utf8');
    expect(job).toContain('"helm.sh/hook": pre-install,pre-upgrade');
    expect(job).toContain('"--migrate-only"');
    const deployment = readFileSync(join(chartDir, 'templates', 'deployment.yaml'), 'utf8');
    expect(deployment).toMatch(/range \$name, \$svc := \.Values\.services/);
    expect(deployment).toContain('path: /readyz');
  });
});
