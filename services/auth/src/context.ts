import type { Actor, Clock } from '@bulwark/core';
import type { Redis } from 'ioredis';
import type { AuthConfig } from './config.js';
import type { AuditGroupCommit } from './infra/audit-group-commit.js';
import type { AuthState } from './infra/auth-state.js';
import type { Pool } from './infra/db-types.js';
import type { Keyring } from './keys/keyring.js';
import type { TokenSigner } from './keys/signing-thread.js';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Long-lived dependencies of the auth service, built once in app.ts. */
export interface AuthDeps {
  config: AuthConfig;
  pool: Pool;
  redis: Redis;
  keyring: Keyring;
  clock: Clock;
  log: Logger;
  /** In-process clients / API keys / revocation mirror, kept exact by the change bus. */
  state: AuthState;
  /** Group commit for issuance events that need no other write in their transaction. */
  auditCommits?: AuditGroupCommit | undefined;
  /** Signs access tokens off the event loop (AUTH_SIGNING_THREAD); without it they are signed inline. */
  signer?: TokenSigner | undefined;
}

/** Per-request context handed to domain verbs. */
export interface RequestCtx extends AuthDeps {
  actor: Actor;
  requestId: string;
  source: { ip: string | null; user_agent: string | null };
}
