/**
 * Licensing benchmarks, each printed as a ratio against a peer measured in this run:
 * 1. offline `verifyLicenseKey` vs a bare `crypto.verify` Ed25519 loop over the same bytes (target ≥ 0.90);
 * 2. online `POST /v1/licenses/validate` vs a bare node:http JSON echo on the same machine, plus the
 *    absolute targets from the issue (≥ 3,000/s, p99 < 20 ms), which on a shared 2-core box are indicative.
 */
import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import autocannon from 'autocannon';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestClock } from '../../packages/core/src/index.js';
import { cloneDatabase, createPool, prepareTemplate } from '../../packages/db/src/index.js';
import {
  createKeyRing,
  signLicenseKey,
  verifyLicenseKey,
} from '../../packages/license-verifier/src/index.js';
import { buildApp } from '../../services/licensing/src/app.js';
import { migrationSources } from '../../services/licensing/src/migrations.js';

const now = Math.floor(Date.now() / 1000);

function offline(): void {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const { x } = publicKey.export({ format: 'jwk' }) as { x: string };
  const ring = createKeyRing([{ kty: 'OKP', crv: 'Ed25519', x, kid: 'bench' }]);
  const key = signLicenseKey(
    {
      v: 1,
      lid: 'lic_bench',
      tenant: 'ten_bench',
      product: 'prd_bench',
      policy: 'pol_bench',
      entitlements: ['a', 'b'],
      exp: now + 3600,
      max_machines: 5,
      iat: now,
      kid: 'bench',
    },
    privateKey,
  );
  const [v, p, s] = key.split('.');
  const data = Buffer.from(`${v}.${p}`, 'ascii');
  const sig = Buffer.from(s ?? '', 'base64url');
  const n = 20_000;
  const rate = (fn: () => unknown) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    return n / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  let bare = 0;
  let ours = 0;
  // Interleaved rounds, best of each: the machine is shared, so the best round is the least disturbed.
  for (let round = 0; round < 3; round++) {
    bare = Math.max(
      bare,
      rate(() => verify(null, data, publicKey, sig)),
    );
    ours = Math.max(
      ours,
      rate(() => verifyLicenseKey(key, { publicKeys: ring, now: now * 1000 })),
    );
  }
  console.log(`offline: bare Ed25519 verify ${bare.toFixed(0)}/s, verifyLicenseKey ${ours.toFixed(0)}/s`);
  console.log(`offline ratio ours/bare = ${(ours / bare).toFixed(3)} (target >= 0.90)`);
}

async function load(url: string, body: string, duration = 6) {
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    connections: 32,
    duration,
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function online(): Promise<void> {
  const template = await prepareTemplate({
    baseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
    sources: migrationSources,
  });
  const database = await cloneDatabase(template);
  const pool = createPool({ connectionString: database.url, max: 10 });
  const kek = randomBytes(32);
  try {
    const app = await buildApp({
      pool,
      kek,
      clock: createTestClock(Date.now()),
      logger: false,
      rateLimit: false,
      auth: {
        issuer: 'http://127.0.0.1:1',
        audiences: ['bulwark'],
        jwksUrl: 'http://127.0.0.1:1/jwks',
        introspectionUrl: 'http://127.0.0.1:1/introspect',
      },
    });
    const admin = {
      type: 'user',
      id: 'usr_bench',
      tenantId: 'ten_bench',
      scopes: ['licensing:admin'],
      credentialIdHash: 'x',
      tokenId: 'x',
      clientId: undefined,
    } as const;
    const { createProduct } = await import('../../services/licensing/src/domain/products.js');
    const { createPolicy } = await import('../../services/licensing/src/domain/policies.js');
    const { createLicense } = await import('../../services/licensing/src/domain/licenses.js');
    const { SigningKeyStore } = await import('../../services/licensing/src/keys/signing-keys.js');
    const { VerifiedKeyCache } = await import('../../services/licensing/src/domain/verified-key-cache.js');
    const { activateMachine } = await import('../../services/licensing/src/domain/machines.js');
    const keys = new SigningKeyStore(pool, kek);
    const ctx = {
      pool,
      clock: createTestClock(Date.now()),
      keys,
      kek,
      verifiedKeys: new VerifiedKeyCache(),
      actor: admin,
      requestId: 'bench',
      log: console,
    };
    const product = await createProduct(ctx, { name: 'Bench' });
    const policy = await createPolicy(ctx, { product_id: product.id, name: 'Bench', max_machines: 5 });
    const license = await createLicense(ctx, {
      policy_id: policy.id,
      owner: { type: 'customer', id: 'cus_bench' },
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });

    // Peer: a bare node:http JSON echo (no framework, no database): the ceiling for any HTTP validator here.
    const peer = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ valid: true, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      });
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    const peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;

    await activateMachine(ctx, { licenseId: license.id }, { fingerprint: 'bench-machine' });

    const body = JSON.stringify({ key: license.key });
    const withMachine = JSON.stringify({ key: license.key, fingerprint: 'bench-machine' });
    // Warm both (JIT, pooled connections, prepared statement, verified-key cache), then alternate
    // peer and ours so both see the same background load; the best round of each is compared.
    await load(`${peerUrl}/echo`, body, 2);
    await load(`${url}/v1/licenses/validate`, body, 2);
    let base = { rps: 0, p99: 0, errors: 0 };
    let ours = { rps: 0, p99: 0, errors: 0 };
    for (let round = 0; round < 2; round++) {
      const peerRound = await load(`${peerUrl}/echo`, body);
      const oursRound = await load(`${url}/v1/licenses/validate`, body);
      console.log(
        `  round ${round + 1}: bare node:http ${peerRound.rps.toFixed(0)}/s; validate ${oursRound.rps.toFixed(0)}/s, p99 ${oursRound.p99} ms`,
      );
      if (peerRound.rps > base.rps) base = peerRound;
      if (oursRound.rps > ours.rps) ours = oursRound;
    }
    const machine = await load(`${url}/v1/licenses/validate`, withMachine);
    console.log(
      `online: bare node:http ${base.rps.toFixed(0)}/s; validate ${ours.rps.toFixed(0)}/s, p99 ${ours.p99} ms, errors ${ours.errors}`,
    );
    console.log(
      `online: validate with fingerprint ${machine.rps.toFixed(0)}/s, p99 ${machine.p99} ms, errors ${machine.errors}`,
    );
    console.log(`online ratio validate/bare-node-http = ${(ours.rps / base.rps).toFixed(3)}`);
    console.log(
      `online ratio validate/3000-per-s target = ${(ours.rps / 3000).toFixed(3)}; p99/20ms = ${(ours.p99 / 20).toFixed(3)}`,
    );
    await new Promise((resolve) => peer.close(resolve));
    await app.close();
  } finally {
    await pool.end();
    await database.drop();
  }
}

offline();
await online();
