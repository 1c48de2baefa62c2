import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLocalStack } from '@bulwark/example-agent/testing';
import { Bulwark } from '@bulwark/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, serviceUrlEnv } from './support/run-cli.js';

const stack = useLocalStack({ licensing: true });
const { run, configDir } = cliRunner(() => ({
  ...serviceUrlEnv(stack.urls),
  BULWARK_API_KEY: stack.adminKey,
}));

let admin: Bulwark;
let productId: string;
let policyId: string;

/** `bulwark license issue … --json`, checked and parsed. */
async function issue(owner: string): Promise<{ id: string; key: string; status: string }> {
  const result = await run(['license', 'issue', '--policy', policyId, '--owner', owner, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return result.json() as { id: string; key: string; status: string };
}

beforeAll(async () => {
  admin = new Bulwark({ apiKey: stack.adminKey, urls: stack.urls });
  productId = (await admin.licensing.createProduct({ name: 'CLI Editor' })).id;
  policyId = (
    await admin.licensing.createPolicy({
      product_id: productId,
      name: 'Team',
      max_machines: 3,
      entitlements: ['export'],
    })
  ).id;
});

describe('bulwark license, against the real licensing service', () => {
  it('issue prints the license as JSON with a BWL1 key, or a readable summary', async () => {
    const license = await issue('customer:cus_cli');
    expect(license).toMatchObject({ status: 'active', policy_id: policyId, product_id: productId });
    expect(license.id).toMatch(/^lic_/);
    expect(license.key).toMatch(/^BWL1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect((await admin.licensing.get(license.id)).status).toBe('active');

    const readable = await run(['license', 'issue', '--policy', policyId, '--owner', 'user:usr_cli']);
    expect(readable.code).toBe(0);
    expect(readable.stdout).toMatch(/^id\s+lic_/m);
    expect(readable.stdout).toMatch(/^key\s+BWL1\./m);
  });

  it('issue exits 2 for bad usage, 3 without a valid key and 4 for an unknown policy', async () => {
    const badOwner = await run(['license', 'issue', '--policy', policyId, '--owner', 'nobody', '--json']);
    expect(badOwner.code).toBe(2);
    expect(JSON.parse(badOwner.stderr)).toMatchObject({ error: { code: 'usage' } });
    expect((await run(['license', 'issue', '--owner', 'customer:c', '--json'])).code).toBe(2);
    const unauthorized = await run(
      ['license', 'issue', '--policy', policyId, '--owner', 'customer:c', '--json'],
      { BULWARK_API_KEY: 'bwk_v1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    );
    expect(unauthorized.code).toBe(3);
    const unknown = await run([
      'license',
      'issue',
      '--policy',
      'pol_doesnotexist',
      '--owner',
      'customer:c',
      '--json',
    ]);
    expect(unknown.code).toBe(4);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { status: 404 } });
  });

  it('validate exits 0 for a valid key and 7 once it is revoked, or for garbage', async () => {
    const license = await issue('customer:cus_validate');
    // Validation is public: the key is the credential, so no API key is needed.
    const valid = await run(['license', 'validate', license.key, '--product', productId, '--json'], {
      BULWARK_API_KEY: '',
    });
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.json()).toMatchObject({ valid: true, code: 'VALID', license: { id: license.id } });
    expect((await run(['license', 'validate', license.key])).stdout.trim()).toBe('VALID');

    await admin.licensing.revoke(license.id);
    const revoked = await run(['license', 'validate', license.key, '--json']);
    expect(revoked.code).toBe(7);
    expect(revoked.json()).toMatchObject({ valid: false, code: 'REVOKED' });

    const garbage = await run(['license', 'validate', 'BWL1.garbage.key', '--json']);
    expect(garbage.code).toBe(7);
    expect(garbage.json()).toMatchObject({ valid: false, code: 'NOT_FOUND' });
    expect((await run(['license', 'validate', '--json'])).code).toBe(2);
  });

  it('verify-offline checks the key against the published keys, fetched or from a file', async () => {
    const license = await issue('customer:cus_offline');
    const fetched = await run(['license', 'verify-offline', license.key, '--product', productId, '--json']);
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.json()).toMatchObject({
      valid: true,
      code: 'VALID',
      data: { lid: license.id, product: productId, entitlements: ['export'] },
    });

    // Shipped with the app: the JWKS saved once, then no call to licensing at all.
    const keysFile = join(configDir(), 'licensing-keys.json');
    writeFileSync(keysFile, JSON.stringify(await admin.licensing.keys()));
    const offline = await run(['license', 'verify-offline', license.key, '--keys', keysFile, '--json'], {
      BULWARK_LICENSING_URL: 'http://127.0.0.1:9',
    });
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.json()).toMatchObject({ valid: true });

    const wrongProduct = await run([
      'license',
      'verify-offline',
      license.key,
      '--keys',
      keysFile,
      '--product',
      'prd_other',
      '--json',
    ]);
    expect(wrongProduct.code).toBe(7);
    expect(wrongProduct.json()).toMatchObject({ valid: false, code: 'PRODUCT_MISMATCH' });

    const [version, payload, signature = ''] = license.key.split('.');
    const forged = `${version}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const bad = await run(['license', 'verify-offline', forged, '--keys', keysFile, '--json']);
    expect(bad.code).toBe(7);
    expect(bad.json()).toMatchObject({ valid: false, code: 'BAD_SIGNATURE' });

    // Offline verification cannot know about a revocation: that is what `validate` is for.
    await admin.licensing.revoke(license.id);
    expect((await run(['license', 'verify-offline', license.key, '--keys', keysFile])).code).toBe(0);
    expect((await run(['license', 'validate', license.key])).code).toBe(7);
  });
});
