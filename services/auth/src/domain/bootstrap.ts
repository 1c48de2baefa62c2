import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSecret, hashSecret, publicId, secretHint, systemActor } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import type { AuthDeps } from '../context.js';
import { insertApiKey } from '../db/api-keys-sql.js';
import { findRootTenant, insertTenant } from '../db/tenants-sql.js';
import { audit } from '../infra/audit.js';

export interface BootstrapResult {
  rootTenantId: string;
  /** Set only on the start that created the key and generated it (never for an env-provided key). */
  generatedKey: string | undefined;
  keyFile: string | undefined;
}

/**
 * First start: the root tenant and an admin API key with `*`. Serialised by an advisory lock and
 * the single-root unique index, so replicas booting together create exactly one of each.
 */
export async function bootstrap(
  deps: AuthDeps,
  options: { adminKey: string | undefined; stateDir: string; writeKeyFile: boolean },
): Promise<BootstrapResult> {
  return withTransaction(deps.pool, async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('bulwark_auth:bootstrap'))");
    const existing = await findRootTenant(tx);
    if (existing) return { rootTenantId: existing.id, generatedKey: undefined, keyFile: undefined };
    const tenant = await insertTenant(tx, {
      id: publicId('tenant', deps.clock.nowMs()),
      name: 'root',
      is_root: true,
    });
    if (!tenant) throw new Error('Could not create the root tenant.');
    const key = options.adminKey ?? generateSecret('bwk');
    const keyId = publicId('apiKey', deps.clock.nowMs());
    await insertApiKey(tx, {
      id: keyId,
      tenant_id: tenant.id,
      name: 'bootstrap admin',
      key_hash: hashSecret(key),
      key_hint: secretHint(key),
      scopes: ['*'],
      expires_at: null,
    });
    const actor = systemActor(tenant.id, 'bootstrap');
    await audit(tx, {
      actor,
      action: 'auth.tenant.create',
      target: { type: 'tenant', id: tenant.id },
      clock: deps.clock,
    });
    await audit(tx, {
      actor,
      action: 'auth.api_key.create',
      target: { type: 'api_key', id: keyId },
      clock: deps.clock,
    });
    let keyFile: string | undefined;
    if (!options.adminKey && options.writeKeyFile) {
      mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
      keyFile = join(options.stateDir, 'admin-key');
      writeFileSync(keyFile, `${key}\n`, { mode: 0o600, flag: 'w' });
      chmodSync(keyFile, 0o600);
    }
    return { rootTenantId: tenant.id, generatedKey: options.adminKey ? undefined : key, keyFile };
  });
}
