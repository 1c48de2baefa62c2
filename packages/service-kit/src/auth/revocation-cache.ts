import { Redis, type RedisOptions } from 'ioredis';

export type RevocationKind = 'jti' | 'agent' | 'user' | 'tenant';

/** One message on `${prefix}revocations` (docs/contracts.md). */
export interface RevocationMessage {
  kind: RevocationKind;
  value: string;
  not_before?: number;
  exp?: number;
}

/** What a verifier knows about a token when asking whether it is revoked. */
export interface RevocationSubject {
  jti: string;
  /** Epoch seconds. */
  iat: number;
  tenantId: string;
  agentId?: string | undefined;
  userId?: string | undefined;
}

export interface RevocationLogger {
  warn(object: Record<string, unknown>, message: string): void;
}

export interface RevocationCacheOptions {
  redisUrl: string;
  /** Key/channel prefix, e.g. `bulwark:` (REDIS_PREFIX). */
  prefix: string;
  redisOptions?: RedisOptions;
  logger?: RevocationLogger;
  /** Epoch seconds; injectable for tests. */
  nowSeconds?: () => number;
  /** How long a jti revocation without `exp` is remembered (default 1 day, longer than any token). */
  defaultJtiRetentionSeconds?: number;
}

const KINDS = new Set<RevocationKind>(['jti', 'agent', 'user', 'tenant']);
/** Expired tokens fail on `exp` anyway; keep their revocations a little longer to cover clock tolerance. */
const JTI_GRACE_SECONDS = 60;

export function parseRevocationMessage(raw: string): RevocationMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const message = parsed as Record<string, unknown>;
  if (
    !KINDS.has(message.kind as RevocationKind) ||
    typeof message.value !== 'string' ||
    message.value === ''
  ) {
    return undefined;
  }
  const out: RevocationMessage = { kind: message.kind as RevocationKind, value: message.value };
  if (typeof message.not_before === 'number') out.not_before = message.not_before;
  if (typeof message.exp === 'number') out.exp = message.exp;
  return out;
}

/**
 * An in-memory mirror of the revocation state that the auth service keeps in Redis, so that checking
 * a token costs a map lookup. Load order is subscribe → snapshot, so nothing published in between is
 * missed; after a reconnect the snapshot is re-read because messages sent while disconnected are lost
 * (Redis pub/sub is fire-and-forget). State only grows (merge, never replace), so a late snapshot
 * cannot undo a revocation that arrived by message.
 */
export class RevocationCache {
  private readonly jtis = new Map<string, number>();
  private readonly notBefore = new Map<string, number>();
  private readonly listeners = new Set<(message: RevocationMessage) => void>();
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly nowSeconds: () => number;
  private readonly retention: number;
  private starting: Promise<void> | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private loaded = false;

  readonly jtiKey: string;
  readonly notBeforeKey: string;
  readonly channel: string;

  constructor(private readonly options: RevocationCacheOptions) {
    this.jtiKey = `${options.prefix}revoked:jti`;
    this.notBeforeKey = `${options.prefix}revoked:nbf`;
    this.channel = `${options.prefix}revocations`;
    this.nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
    this.retention = options.defaultJtiRetentionSeconds ?? 86_400;
    const redisOptions: RedisOptions = { lazyConnect: true, ...options.redisOptions };
    this.client = new Redis(options.redisUrl, redisOptions);
    this.subscriber = new Redis(options.redisUrl, { connectionName: 'bulwark-revocations', ...redisOptions });
    const logError = (error: Error) =>
      options.logger?.warn({ err: error.message }, 'revocation cache: Redis error');
    this.client.on('error', logError);
    this.subscriber.on('error', logError);
    this.subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      const message = parseRevocationMessage(raw);
      if (message) this.apply(message);
      else this.options.logger?.warn({ channel }, 'revocation cache: ignored a malformed message');
    });
    this.subscriber.on('ready', () => {
      // ioredis re-subscribes by itself after a reconnect; what it cannot do is replay missed messages.
      if (this.loaded) {
        this.loadSnapshot().catch((error: Error) =>
          this.options.logger?.warn(
            { err: error.message },
            'revocation cache: resync after reconnect failed',
          ),
        );
      }
    });
  }

  /** True once the first snapshot is loaded; before that nothing can be said about revocations. */
  get synced(): boolean {
    return this.loaded;
  }

  /** Subscribes and loads the snapshot; resolves when the cache is first in sync. Idempotent. */
  start(): Promise<void> {
    this.starting ??= this.boot().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async boot(): Promise<void> {
    await this.subscriber.subscribe(this.channel);
    await this.loadSnapshot();
    this.loaded = true;
    this.pruneTimer = setInterval(() => this.prune(), 60_000);
    this.pruneTimer.unref();
  }

  /** Re-reads the Redis snapshot and merges it in. */
  async loadSnapshot(): Promise<void> {
    const [jtiPairs, notBefore] = await Promise.all([
      this.client.zrangebyscore(this.jtiKey, this.nowSeconds() - JTI_GRACE_SECONDS, '+inf', 'WITHSCORES'),
      this.client.hgetall(this.notBeforeKey),
    ]);
    for (let i = 0; i + 1 < jtiPairs.length; i += 2) {
      const jti = jtiPairs[i];
      const exp = Number(jtiPairs[i + 1]);
      if (jti !== undefined && Number.isFinite(exp)) this.rememberJti(jti, exp);
    }
    for (const [field, value] of Object.entries(notBefore)) {
      const seconds = Number(value);
      if (Number.isFinite(seconds)) this.rememberNotBefore(field, seconds);
    }
  }

  /** Applies one revocation (from pub/sub, or directly in tests and in the auth service itself). */
  apply(message: RevocationMessage): void {
    if (message.kind === 'jti') {
      this.rememberJti(message.value, message.exp ?? this.nowSeconds() + this.retention);
    } else {
      this.rememberNotBefore(`${message.kind}:${message.value}`, message.not_before ?? this.nowSeconds());
    }
    for (const listener of this.listeners) listener(message);
  }

  /** Called for every applied message, e.g. to drop cached API-key answers of a killed tenant. */
  onRevocation(listener: (message: RevocationMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Why the token is revoked (`jti`, `agent`, `user`, `tenant`), or undefined if it is not. */
  revokedBy(subject: RevocationSubject): RevocationKind | undefined {
    if (this.jtis.has(subject.jti)) return 'jti';
    // Runs on every authenticated request (cached tokens included): plain lookups, no allocation
    // beyond the composed keys, and none at all while no not_before has ever been set.
    if (this.notBefore.size === 0) return undefined;
    if (subject.agentId !== undefined && this.before('agent:', subject.agentId, subject.iat)) return 'agent';
    if (subject.userId !== undefined && this.before('user:', subject.userId, subject.iat)) return 'user';
    if (this.before('tenant:', subject.tenantId, subject.iat)) return 'tenant';
    return undefined;
  }

  private before(kind: string, id: string, iat: number): boolean {
    const notBefore = this.notBefore.get(kind + id);
    return notBefore !== undefined && iat < notBefore;
  }

  isRevoked(subject: RevocationSubject): boolean {
    return this.revokedBy(subject) !== undefined;
  }

  async close(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.listeners.clear();
    this.subscriber.disconnect();
    this.client.disconnect();
  }

  private rememberJti(jti: string, exp: number): void {
    this.jtis.set(jti, Math.max(exp, this.jtis.get(jti) ?? 0));
  }

  private rememberNotBefore(field: string, seconds: number): void {
    this.notBefore.set(field, Math.max(seconds, this.notBefore.get(field) ?? 0));
  }

  private prune(): void {
    const cutoff = this.nowSeconds() - JTI_GRACE_SECONDS;
    for (const [jti, exp] of this.jtis) if (exp < cutoff) this.jtis.delete(jti);
  }
}
