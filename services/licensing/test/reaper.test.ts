import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { LicensingDeps } from '../src/domain/context.js';
import { reapDeadMachines } from '../src/domain/reap-dead-machines.js';
import { VerifiedKeyCache } from '../src/domain/verified-key-cache.js';
import { startDeadMachineReaper } from '../src/jobs/dead-machine-reaper.js';
import { SigningKeyStore } from '../src/keys/signing-keys.js';
import { seedLicense, useLicensingApp } from './harness.js';

const h = useLicensingApp();
const deps = (): LicensingDeps => {
  const kek = randomBytes(32);
  return {
    pool: h.db.pool,
    clock: h.clock,
    kek,
    keys: new SigningKeyStore(h.db.pool, kek),
    verifiedKeys: new VerifiedKeyCache(),
  };
};
const activate = (key: string, fingerprint: string) =>
  h.app.inject({ method: 'POST', url: '/v1/machines/activate', payload: { key, fingerprint } });
const machinesOf = async (licenseId: string) =>
  (
    await h.db.pool.query<{ fingerprint: string }>(
      'SELECT fingerprint FROM machines WHERE license_id = $1 ORDER BY fingerprint',
      [licenseId],
    )
  ).rows.map((row) => row.fingerprint);

describe('dead-machine reaper', () => {
  it('frees dead floating machines under deactivate, keeps live ones and other strategies, audits each', async () => {
    const freeing = await seedLicense(h, 'ten_reap1', {
      max_machines: 3,
      heartbeat_interval_seconds: 600,
      dead_machine_strategy: 'deactivate',
    });
    const keeping = await seedLicense(h, 'ten_reap2', { max_machines: 3, heartbeat_interval_seconds: 600 });
    const locked = await seedLicense(h, 'ten_reap3', {
      machine_mode: 'node_locked',
      max_machines: undefined,
      heartbeat_interval_seconds: 600,
      dead_machine_strategy: 'deactivate',
    });
    for (const fp of ['old-1', 'old-2']) expect((await activate(freeing.key, fp)).statusCode).toBe(201);
    expect((await activate(keeping.key, 'kept')).statusCode).toBe(201);
    expect((await activate(locked.key, 'node')).statusCode).toBe(201);

    h.clock.advance(400_000);
    expect((await activate(freeing.key, 'fresh')).statusCode).toBe(201);
    expect(await reapDeadMachines(deps())).toBe(0); // nobody is past 600 s yet

    h.clock.advance(300_000); // old-* are 700 s silent, fresh 300 s
    const freed = await reapDeadMachines(deps(), { batchSize: 1 });
    expect(freed).toBe(2);
    expect(await machinesOf(freeing.licenseId)).toEqual(['fresh']);
    expect(await machinesOf(keeping.licenseId)).toEqual(['kept']);
    expect(await machinesOf(locked.licenseId)).toEqual(['node']);
    expect(await reapDeadMachines(deps())).toBe(0);

    const { rows } = await h.db.pool.query(
      `SELECT payload->'actor'->>'id' AS actor, payload->>'tenant_id' AS tenant
         FROM outbox WHERE payload->>'action' = 'licensing.machine.deactivate'`,
    );
    expect(rows).toEqual([
      { actor: 'licensing:dead-machine-reaper', tenant: 'ten_reap1' },
      { actor: 'licensing:dead-machine-reaper', tenant: 'ten_reap1' },
    ]);
  });

  it('a heartbeat in time keeps the machine', async () => {
    const s = await seedLicense(h, 'ten_reap4', {
      heartbeat_interval_seconds: 600,
      dead_machine_strategy: 'deactivate',
    });
    expect((await activate(s.key, 'beating')).statusCode).toBe(201);
    h.clock.advance(500_000);
    const beat = await h.app.inject({
      method: 'POST',
      url: '/v1/machines/heartbeat',
      payload: { key: s.key, fingerprint: 'beating' },
    });
    expect(beat.statusCode).toBe(200);
    h.clock.advance(500_000);
    await reapDeadMachines(deps());
    expect(await machinesOf(s.licenseId)).toEqual(['beating']);
  });

  it('runs periodically on its interval until stopped', async () => {
    const s = await seedLicense(h, 'ten_reap5', {
      heartbeat_interval_seconds: 60,
      dead_machine_strategy: 'deactivate',
    });
    expect((await activate(s.key, 'gone')).statusCode).toBe(201);
    h.clock.advance(61_000);
    const reaper = startDeadMachineReaper(deps(), { intervalMs: 25, log: { info() {}, warn() {} } });
    try {
      await vi.waitFor(async () => expect(await machinesOf(s.licenseId)).toEqual([]), {
        timeout: 10_000,
        interval: 25,
      });
    } finally {
      await reaper.stop();
    }
  });
});
