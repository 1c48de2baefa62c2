import type { Kek } from '../checkpoints/kek.js';
import type { SinkAddressGuard } from './sink-network-policy.js';

/** What the sink verbs need from the deployment: the KEK, the network policy, key expiry. */
export interface SinkSettings {
  /** Seals signing secrets (the same KEK as the checkpoint keys). */
  kek: Kek;
  guard: SinkAddressGuard;
  /** How long an Idempotency-Key on `POST /v1/sinks` counts. */
  idempotencyKeyTtlSeconds: number;
}
