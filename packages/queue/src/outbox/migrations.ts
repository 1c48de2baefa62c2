import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@bulwark/db';

/**
 * The outbox table, shipped as a migration source: every service that emits audit events passes it
 * to `migrate()` beside its own migrations (`sources: [outboxMigrations, own]`).
 */
export const outboxMigrations: MigrationSource = {
  name: 'outbox',
  dir: fileURLToPath(new URL('../../migrations', import.meta.url)),
};

/** The channel `emitAuditEvent` notifies on commit; relays LISTEN on it to wake at once. */
export const OUTBOX_CHANNEL = 'bulwark_outbox';
