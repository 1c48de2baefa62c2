import { randomBytes } from 'node:crypto';
import { createTestClock, type TestClock } from '@bulwark/core';
import type { ServiceApp } from '@bulwark/service-kit';
import { type ServedTestIssuer, type TestIssuer, createTestIssuer, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll } from 'vitest';
import { type BuildAppOptions, buildApp } from '../src/app.js';
import { migrationSources } from '../src/migrations.js';

export interface Harness {
  readonly app: ServiceApp;
  readonly clock: TestClock;
  readonly db: ReturnType<typeof useTestDatabase>;
  token(tenant: string, scope: string): Promise<string>;
}

/** Per test file: its own database, a local token issuer, and the app built in-process. */
export function useLicensingApp(
  options: {
    poolMax?: number;
    app?: Partial<Pick<BuildAppOptions, 'rateLimit' | 'keyRateLimit' | 'reaper'>>;
  } = {},
): Harness {
  const db = useTestDatabase(migrationSources, { poolMax: options.poolMax ?? 5 });
  const clock = createTestClock(Date.now());
  let app: ServiceApp | undefined;
  let issuer: TestIssuer | undefined;
  let served: ServedTestIssuer | undefined;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    served = await issuer.serveJwks();
    app = await buildApp({
      pool: db.pool,
      kek: randomBytes(32),
      clock,
      logger: false,
      rateLimit: false,
      ...options.app,
      auth: {
        issuer: issuer.issuer,
        audiences: [issuer.audience],
        jwksUrl: served.jwksUrl,
        introspectionUrl: served.introspectionUrl,
      },
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await served?.close();
  });

  return {
    get app() {
      if (!app) throw new Error('app is ready only inside tests');
      return app;
    },
    clock,
    db,
    async token(tenant, scope) {
      if (!issuer) throw new Error('issuer is ready only inside tests');
      return issuer.mint({ tenant_id: tenant, scope, sub: `usr_${tenant}` });
    },
  };
}

/** Creates product → policy → license as an admin of `tenant`; returns ids and the key. */
export async function seedLicense(
  h: Harness,
  tenant: string,
  policy: Record<string, unknown> = {},
  license: Record<string, unknown> = {},
) {
  const auth = { authorization: `Bearer ${await h.token(tenant, 'licensing:admin licensing:read')}` };
  const product = await h.app.inject({
    method: 'POST',
    url: '/v1/products',
    headers: auth,
    payload: { name: 'Editor' },
  });
  if (product.statusCode !== 201) throw new Error(product.body);
  const pol = await h.app.inject({
    method: 'POST',
    url: '/v1/policies',
    headers: auth,
    payload: {
      product_id: product.json().id,
      name: 'Pro',
      max_machines: 5,
      entitlements: ['export'],
      ...policy,
    },
  });
  if (pol.statusCode !== 201) throw new Error(pol.body);
  const lic = await h.app.inject({
    method: 'POST',
    url: '/v1/licenses',
    headers: auth,
    payload: { policy_id: pol.json().id, owner: { type: 'customer', id: 'cus_1' }, ...license },
  });
  if (lic.statusCode !== 201) throw new Error(lic.body);
  return {
    auth,
    productId: product.json().id as string,
    policyId: pol.json().id as string,
    licenseId: lic.json().id as string,
    key: lic.json().key as string,
  };
}
