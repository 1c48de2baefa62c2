import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { openWithKek, sealWithKek } from '@bulwark/core';

export type UnleashTokenKind = 'backend' | 'frontend' | 'admin';

/** The Unleash API tokens this service provisions. `admin` never leaves the process. */
export interface UnleashTokens {
  backend: string;
  frontend: string;
  admin: string;
}

/** The token name Unleash records as `created_by` for changes made through our Admin API wrapper. */
export const ADMIN_TOKEN_NAME = 'bulwark-flags-api';

const KINDS: UnleashTokenKind[] = ['backend', 'frontend', 'admin'];

/** Unleash's own secret shape: `<project>:<environment>.<random>`. */
function freshSecret(kind: UnleashTokenKind, environment: string): string {
  const random = randomBytes(32).toString('hex');
  return kind === 'admin' ? `*:*.${random}` : `*:${environment}.${random}`;
}

function sealContext(kind: UnleashTokenKind): string {
  return `flags_sdk_tokens:${kind}`;
}

/**
 * Returns the tokens, generating them on the first start. Replicas booting together race on the
 * primary key; every one of them then reads back the winner's secrets, so Unleash gets one set.
 */
export async function loadOrCreateUnleashTokens(
  pool: Pool,
  kek: Buffer,
  environment: string,
): Promise<UnleashTokens> {
  for (const kind of KINDS) {
    const secret = freshSecret(kind, environment);
    await pool.query(
      `INSERT INTO flags_sdk_tokens (kind, sealed, hint) VALUES ($1, $2, $3)
       ON CONFLICT (kind) DO NOTHING`,
      [kind, sealWithKek(kek, Buffer.from(secret, 'utf8'), sealContext(kind)), `${secret.slice(0, 20)}…`],
    );
  }
  const { rows } = await pool.query<{ kind: UnleashTokenKind; sealed: Buffer }>(
    'SELECT kind, sealed FROM flags_sdk_tokens',
  );
  const out: Partial<UnleashTokens> = {};
  for (const row of rows)
    out[row.kind] = openWithKek(kek, row.sealed, sealContext(row.kind)).toString('utf8');
  const { backend, frontend, admin } = out;
  if (!backend || !frontend || !admin) throw new Error('flags_sdk_tokens is missing a token kind');
  return { backend, frontend, admin };
}

/** The `initApiTokens` entries; Unleash applies them only while its token table is empty. */
export function initApiTokens(tokens: UnleashTokens, environment: string) {
  return [
    { type: 'backend', tokenName: 'bulwark-backend', secret: tokens.backend, environment, projects: ['*'] },
    {
      type: 'frontend',
      tokenName: 'bulwark-frontend',
      secret: tokens.frontend,
      environment,
      projects: ['*'],
    },
    { type: 'admin', tokenName: ADMIN_TOKEN_NAME, secret: tokens.admin, environment: '*', projects: ['*'] },
  ];
}
