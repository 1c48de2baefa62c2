import type { Actor, AuditEvent, Clock } from '@bulwark/core';
import type { Pool } from 'pg';
import type { Kek } from './checkpoints/kek.js';

/** What a write verb needs to know about its caller; HTTP stays in the route. */
export interface WriteContext {
  pool: Pool;
  actor: Actor;
  requestId: string;
  source: AuditEvent['source'];
  clock: Clock;
}

export interface SinkWriteContext extends WriteContext {
  kek: Kek;
}
