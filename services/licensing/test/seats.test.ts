import { describe, expect, it } from 'vitest';
import { seedLicense, useLicensingApp } from './harness.js';

const h = useLicensingApp({ poolMax: 10 });

describe('seat limits', () => {
  it('100 concurrent activations against max_machines = 5 give exactly 5 machines', async () => {
    const { key, licenseId, auth } = await seedLicense(h, 'ten_seats', { max_machines: 5 });
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        h.app.inject({
          method: 'POST',
          url: '/v1/machines/activate',
          payload: { key, fingerprint: `fp-${i}` },
        }),
      ),
    );
    const created = responses.filter((r) => r.statusCode === 201);
    const refused = responses.filter((r) => r.statusCode === 409);
    expect(created).toHaveLength(5);
    expect(refused).toHaveLength(95);
    expect(new Set(refused.map((r) => r.json().license_code))).toEqual(new Set(['TOO_MANY_MACHINES']));
    const machines = await h.app.inject({
      method: 'GET',
      url: `/v1/licenses/${licenseId}/machines`,
      headers: auth,
    });
    expect(machines.json(), machines.body).toHaveLength(5);
    const { rows } = await h.db.pool.query(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->>'action' = 'licensing.machine.activate'`,
    );
    expect(rows[0].n).toBe(5);
  });

  it('overage allows extra seats beyond max_machines', async () => {
    const { key } = await seedLicense(h, 'ten_overage', { max_machines: 2, overage_machines: 1 });
    const codes = [];
    for (const fp of ['a', 'b', 'c', 'd']) {
      codes.push(
        (
          await h.app.inject({
            method: 'POST',
            url: '/v1/machines/activate',
            payload: { key, fingerprint: fp },
          })
        ).statusCode,
      );
    }
    expect(codes).toEqual([201, 201, 201, 409]);
  });

  it('frees dead floating machines under the deactivate strategy, and keeps them under keep', async () => {
    const freeing = await seedLicense(h, 'ten_dead', {
      max_machines: 1,
      heartbeat_interval_seconds: 600,
      dead_machine_strategy: 'deactivate',
    });
    const keeping = await seedLicense(h, 'ten_keep', { max_machines: 1, heartbeat_interval_seconds: 600 });
    for (const { key } of [freeing, keeping]) {
      expect(
        (
          await h.app.inject({
            method: 'POST',
            url: '/v1/machines/activate',
            payload: { key, fingerprint: 'old' },
          })
        ).statusCode,
      ).toBe(201);
    }
    h.clock.advance(601_000);
    const validateOld = await h.app.inject({
      method: 'POST',
      url: '/v1/licenses/validate',
      payload: { key: keeping.key, fingerprint: 'old' },
    });
    expect(validateOld.json().code).toBe('HEARTBEAT_DEAD');
    const freed = await h.app.inject({
      method: 'POST',
      url: '/v1/machines/activate',
      payload: { key: freeing.key, fingerprint: 'new' },
    });
    expect(freed.statusCode).toBe(201);
    const kept = await h.app.inject({
      method: 'POST',
      url: '/v1/machines/activate',
      payload: { key: keeping.key, fingerprint: 'new' },
    });
    expect(kept.json().license_code).toBe('TOO_MANY_MACHINES');
    // Under `keep`, a late heartbeat revives the machine.
    const beat = await h.app.inject({
      method: 'POST',
      url: '/v1/machines/heartbeat',
      payload: { key: keeping.key, fingerprint: 'old' },
    });
    expect(beat.statusCode).toBe(200);
    const again = await h.app.inject({
      method: 'POST',
      url: '/v1/licenses/validate',
      payload: { key: keeping.key, fingerprint: 'old' },
    });
    expect(again.json().code).toBe('VALID');
  });

  it('deactivation frees a seat', async () => {
    const { key } = await seedLicense(h, 'ten_deact', { max_machines: 1 });
    await h.app.inject({
      method: 'POST',
      url: '/v1/machines/activate',
      payload: { key, fingerprint: 'one' },
    });
    const off = await h.app.inject({
      method: 'POST',
      url: '/v1/machines/deactivate',
      payload: { key, fingerprint: 'one' },
    });
    expect(off.statusCode).toBe(204);
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: '/v1/machines/activate',
          payload: { key, fingerprint: 'two' },
        })
      ).statusCode,
    ).toBe(201);
  });
});
