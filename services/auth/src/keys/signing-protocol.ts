import type { KeyObject } from 'node:crypto';
import type { SigningAlg } from '../db/signing-keys-sql.js';

/**
 * Messages between the event loop (`signing-thread.ts`) and the signing thread (`signing-worker.ts`).
 * A batch travels as ONE string, the signing inputs joined by newlines (base64url and `.` never hold
 * one), and its answer too: cloning one string per message is far cheaper than an array of objects
 * (postMessage was ~5 % of the event loop with arrays). All inputs of a batch use one key.
 */
export const SEPARATOR = '\n';

export type SignerRequest =
  | { type: 'key'; kid: string; alg: SigningAlg; key: KeyObject }
  | { type: 'sign'; batch: number; kid: string; inputs: string }
  /** The keyring no longer signs with `kid`: drop its private key (sent after its last batch). */
  | { type: 'forget'; kid: string }
  /** Test seam: answers the kids the thread holds (a `held` reply). */
  | { type: 'held' }
  /** Test seam: blocks the thread for `ms` (a stuck thread, for the watchdog test). */
  | { type: 'stall'; ms: number };

export type SignerReply =
  | { type: 'ready' }
  /** `signatures`: joined like the inputs; on any failure, one entry per input instead. */
  | { type: 'signed'; batch: number; signatures: string | (string | { error: string })[] }
  | { type: 'held'; kids: string[] };
