import { Worker } from 'node:worker_threads';
import type { Logger } from '../context.js';
import { tsWorkerBootstrap } from '../infra/ts-worker.js';
import { jwsSignature } from './jws-signature.js';
import type { ActiveSigningKey } from './keyring.js';
import { SEPARATOR, type SignerReply, type SignerRequest } from './signing-protocol.js';

const BOOTSTRAP = tsWorkerBootstrap(new URL('./signing-worker.ts', import.meta.url));
const RESTART_DELAY_MS = 1000;

/** Signs JWS signing inputs (`header.payload`), answering the base64url signature. */
export interface TokenSigner {
  sign(key: ActiveSigningKey, signingInput: string): Promise<string>;
  close(): Promise<void>;
}

export function inlineSignature(key: ActiveSigningKey, signingInput: string): string {
  return jwsSignature(key.alg, key.key, Buffer.from(signingInput)).toString('base64url');
}

interface Job {
  key: ActiveSigningKey;
  data: string;
  resolve: (signature: string) => void;
  reject: (error: unknown) => void;
}

/**
 * Token signatures on a worker thread, off the event loop. Measured on the 2-core bench machine
 * (bench/auth/README.md): an ES256 signature took ~100 µs of the loop's ~250 µs per issued token
 * under load — the loop was the bottleneck while the other core had room.
 *
 * Requests arriving in one turn of the event loop go as ONE message (flushed by setImmediate, after
 * the poll phase that delivered them), answered by one message: the per-message cost is shared by
 * the batch. Each private key crosses to the thread once (a KeyObject, cloned; it never leaves the
 * process) and is dropped there once the keyring no longer signs with it (`forgetStaleKeys`).
 * Nothing waits on the thread's health: until it is ready, after it dies (its in-flight batches are
 * signed here instead) and after `close()`, tokens are signed on the event loop, so a failing thread
 * costs speed, never a failed request. A dead thread is started again after 1 s.
 */
export class SigningThread implements TokenSigner {
  private worker: Worker | undefined;
  private ready = false;
  private closing = false;
  private readonly sentKids = new Set<string>();
  private queue: Job[] = [];
  private flushScheduled = false;
  /** Batches sent and not answered yet, with when they were sent (the watchdog reads it). */
  private readonly inFlight = new Map<number, { jobs: Job[]; sentAt: number }>();
  private watchdog: NodeJS.Timeout | undefined;
  private nextBatch = 1;
  /** Signatures made on the thread and on the event loop, keys dropped there (benchmarks and tests). */
  readonly stats = { onThread: 0, inline: 0, batches: 0, restarts: 0, forgotten: 0 };
  private markReady: () => void = () => undefined;
  /** Resolves when a thread first reports ready (tests wait on it; requests never do). */
  readonly firstReady = new Promise<void>((resolve) => {
    this.markReady = resolve;
  });

  constructor(
    private readonly log: Logger,
    private readonly options: {
      /**
       * The kid the keyring signs with now, from its cache (`Keyring.cachedSigningKid`: no I/O, it is
       * asked per batch); undefined when not known, and then no key is forgotten.
       */
      signingKid: () => string | undefined;
      stallMs?: number;
    },
  ) {
    this.spawn();
  }

  /** A batch unanswered this long means a stuck thread (2 s: a batch of hundreds signs in ~20 ms). */
  private get stallMs(): number {
    return this.options.stallMs ?? 2000;
  }

  sign(key: ActiveSigningKey, signingInput: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const job = { key, data: signingInput, resolve, reject };
      if (!this.ready) {
        this.signHere([job]);
        return;
      }
      this.queue.push(job);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.ready = false;
    clearInterval(this.watchdog);
    this.flush();
    const worker = this.worker;
    this.worker = undefined;
    this.signUnanswered();
    await worker?.terminate();
  }

  private spawn(): void {
    const worker = new Worker(BOOTSTRAP, { eval: true });
    // The thread must not keep a stopping process alive; close() ends it properly.
    worker.unref();
    this.worker = worker;
    worker.on('message', (reply: SignerReply) => {
      if (worker !== this.worker) return; // a dropped thread's late answer: already signed here
      if (reply.type === 'ready') {
        this.ready = !this.closing;
        this.markReady();
      } else if (reply.type === 'signed') this.settle(reply.batch, reply.signatures);
    });
    worker.on('error', (error: Error) =>
      this.log.error({ err: error.message }, 'token signing thread failed'),
    );
    worker.once('exit', (code) => this.onExit(worker, code));
    this.watchdog ??= setInterval(() => this.checkStalled(), Math.max(10, this.stallMs / 2));
    this.watchdog.unref();
  }

  /**
   * A thread that stops answering (stuck, not dead: no 'exit') would hold its requests forever: it is
   * dropped at once — its unanswered batches are signed here, new requests too — terminated, and
   * replaced like a crashed one, whether or not it ever exits.
   */
  private checkStalled(): void {
    const now = performance.now();
    const stalled = [...this.inFlight.values()].some((batch) => now - batch.sentAt > this.stallMs);
    const worker = this.worker;
    if (!stalled || !worker) return;
    this.log.error(
      { stall_ms: this.stallMs },
      'token signing thread stopped answering; signing on the event loop, replacing it',
    );
    this.dropThread();
    void worker.terminate();
  }

  private flush(): void {
    this.flushScheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    const worker = this.worker;
    if (!this.ready || !worker) {
      this.signHere(jobs);
      return;
    }
    // One batch per key: normally one; two around a rotation.
    const byKid = new Map<string, Job[]>();
    for (const job of jobs) {
      const group = byKid.get(job.key.kid);
      if (group) group.push(job);
      else byKid.set(job.key.kid, [job]);
    }
    for (const [kid, group] of byKid) {
      const { key } = group[0] as Job;
      if (!this.sentKids.has(kid)) {
        worker.postMessage({ type: 'key', kid, alg: key.alg, key: key.key } satisfies SignerRequest);
        this.sentKids.add(kid);
      }
      const batch = this.nextBatch++;
      this.inFlight.set(batch, { jobs: group, sentAt: performance.now() });
      this.stats.batches++;
      const inputs = group.map((job) => job.data).join(SEPARATOR);
      worker.postMessage({ type: 'sign', batch, kid, inputs } satisfies SignerRequest);
    }
    this.forgetStaleKeys(worker);
  }

  /**
   * Drops from the thread every key the keyring no longer signs with (rotated away, retired): a
   * private key must not outlive its use there. Sent after this turn's batches, and the thread handles
   * messages in order, so every batch already sent for that key is signed first. A request that took
   * the key before the rotation and comes later sends it again (above); the next batch forgets it.
   */
  private forgetStaleKeys(worker: Worker): void {
    const signingKid = this.options.signingKid();
    // No snapshot right after a rotation on this instance: the next batch decides.
    if (signingKid === undefined) return;
    for (const kid of this.sentKids) {
      if (kid === signingKid) continue;
      worker.postMessage({ type: 'forget', kid } satisfies SignerRequest);
      this.sentKids.delete(kid);
      this.stats.forgotten++;
    }
  }

  private settle(batch: number, answer: string | (string | { error: string })[]): void {
    const jobs = this.inFlight.get(batch)?.jobs;
    if (!jobs) return;
    this.inFlight.delete(batch);
    const signatures = typeof answer === 'string' ? answer.split(SEPARATOR) : answer;
    jobs.forEach((job, index) => {
      const signature = signatures[index];
      if (typeof signature === 'string') {
        this.stats.onThread++;
        job.resolve(signature);
      } else {
        // The thread could not sign it (say, a key it never got): sign here rather than fail the request.
        this.signHere([job]);
      }
    });
  }

  private signHere(jobs: readonly Job[]): void {
    for (const job of jobs) {
      try {
        this.stats.inline++;
        job.resolve(inlineSignature(job.key, job.data));
      } catch (error) {
        job.reject(error);
      }
    }
  }

  /** Signs here every batch sent to the thread and not answered yet; a late answer is then ignored. */
  private signUnanswered(): void {
    const unanswered = [...this.inFlight.values()].flatMap((batch) => batch.jobs);
    this.inFlight.clear();
    this.signHere(unanswered);
  }

  private onExit(worker: Worker, code: number): void {
    // A thread already dropped (stalled) or closed: its work was handled then.
    if (worker !== this.worker || this.closing) return;
    this.log.error(
      { code },
      'token signing thread ended unexpectedly; signing on the event loop, restarting it in 1 s',
    );
    this.dropThread();
  }

  /** Forgets the current thread: its unanswered batches are signed here; a new one starts in 1 s. */
  private dropThread(): void {
    this.worker = undefined;
    this.ready = false;
    this.sentKids.clear();
    this.signUnanswered();
    setTimeout(() => {
      if (this.closing) return;
      this.stats.restarts++;
      this.spawn();
    }, RESTART_DELAY_MS).unref();
  }
}
