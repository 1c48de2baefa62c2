import type { Redis } from 'ioredis';
import type { Clock } from '@bulwark/core';
import type { Logger } from '../context.js';
import type { AccessTokenClaims } from '../oauth/access-token.js';
import { type AgentRow, findAgent } from '../db/agents-sql.js';
import { type ApiKeyRow, findApiKeyByHash } from '../db/api-keys-sql.js';
import { isTokenRevoked } from '../db/revocations-sql.js';
import { type Change, ChangeBus, type Freshness } from './change-bus.js';
import { SharedWindowLimiter } from './shared-window-limiter.js';
import type { Pool } from './db-types.js';
import { RecordCache } from './record-cache.js';
import { type RevocationProbe, RevocationMirror } from './revocation-mirror.js';

/** Safety nets only (a lost announcement); normal freshness comes from the change bus. */
const RECORD_TTL_MS = 30_000;
/** How long one signature verification is reused (never past the token's exp, nor its key's retirement). */
const VERIFIED_TOKEN_TTL_MS = 60_000;

/** A token whose signature, header rules and claims were verified (revocation is not part of it). */
export interface VerifiedClaims {
  claims: AccessTokenClaims;
  kid: string;
  alg: string;
}
const MIRROR_RELOAD_MS = 30_000;

/**
 * The hot-path lookups of the token and introspection endpoints, answered from memory when the
 * change bus says this instance is current for the request's freshness mode (`Freshness`: the
 * counter introspection reads with its rate limit, or `'subscribed'` for the token endpoint), and
 * from Postgres otherwise. Every other caller (admin API, exchange, revocation) passes no `seq`
 * and reads Postgres, as before.
 */
export class AuthState {
  readonly bus: ChangeBus;
  private readonly agents = new RecordCache<AgentRow>(RECORD_TTL_MS);
  private readonly apiKeys = new RecordCache<ApiKeyRow>(RECORD_TTL_MS);
  private readonly mirror = new RevocationMirror();
  /**
   * Introspection's verified-token cache, keyed by SHA-256 of the token: a resource server asks
   * about the same token on every call its client makes. Pure memo of the signature check — no
   * change can make a verified signature unverified except expiry and key retirement, which are
   * re-checked on every hit — so the change bus has nothing to invalidate here.
   */
  readonly verifiedTokens = new RecordCache<VerifiedClaims>(VERIFIED_TOKEN_TTL_MS);
  private reloadTimer: NodeJS.Timeout | undefined;
  /**
   * The hot path's own Redis connection (rate limits + change counter) with auto-pipelining: the
   * commands of every request handled in one event-loop turn leave in one write and come back in
   * one read, instead of a syscall pair per request. Connects on first use.
   */
  private hot: Redis | undefined;
  /** The token endpoint's per-IP / per-client windows (no Redis wait on the request path). */
  readonly tokenLimiter: SharedWindowLimiter;

  constructor(
    private readonly options: { pool: Pool; redis: Redis; prefix: string; clock: Clock; log: Logger },
  ) {
    this.bus = new ChangeBus({ redis: options.redis, prefix: options.prefix, log: options.log });
    this.bus.register(
      (change) => this.apply(change),
      () => this.rebuild(),
    );
    this.tokenLimiter = new SharedWindowLimiter({
      redis: () => this.hotRedis,
      windowSeconds: 60,
      log: options.log,
    });
  }

  get hotRedis(): Redis {
    if (!this.hot) {
      const hot = this.options.redis.duplicate({ enableAutoPipelining: true });
      hot.on('error', (error: Error) =>
        this.options.log.warn({ err: error.message }, 'hot-path Redis connection error'),
      );
      this.hot = hot;
    }
    return this.hot;
  }

  async start(): Promise<void> {
    await this.bus.start();
    this.reloadTimer = setInterval(() => {
      this.mirror
        .reload(this.options.pool, this.options.clock.nowSeconds())
        .catch((error: unknown) => this.options.log.warn({ err: error }, 'revocation mirror reload failed'));
    }, MIRROR_RELOAD_MS);
    this.reloadTimer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.reloadTimer);
    await this.bus.close();
    this.tokenLimiter.close();
    this.hot?.disconnect();
    this.hot = undefined;
  }

  publish(changes: Change[]): Promise<void> {
    return this.bus.publish(changes);
  }

  async findClient(id: string, seq: Freshness): Promise<AgentRow | undefined> {
    if (!this.bus.isCurrent(seq)) return findAgent(this.options.pool, id);
    const now = this.options.clock.nowMs();
    const cached = this.agents.get(id, now);
    if (cached) return cached;
    const generation = this.bus.generation;
    const row = await findAgent(this.options.pool, id);
    // A change applied while we read may predate our row: then do not keep it.
    if (row && generation === this.bus.generation) this.agents.set(id, row, now);
    return row;
  }

  async findApiKey(hash: string, seq: Freshness): Promise<ApiKeyRow | undefined> {
    if (!this.bus.isCurrent(seq)) return findApiKeyByHash(this.options.pool, hash);
    const now = this.options.clock.nowMs();
    const cached = this.apiKeys.get(hash, now);
    if (cached) return cached;
    const generation = this.bus.generation;
    const row = await findApiKeyByHash(this.options.pool, hash);
    if (row && generation === this.bus.generation) this.apiKeys.set(hash, row, now);
    return row;
  }

  async isRevoked(probe: RevocationProbe, seq: Freshness): Promise<boolean> {
    if (this.bus.isCurrent(seq)) return this.mirror.isRevoked(probe);
    return isTokenRevoked(this.options.pool, probe);
  }

  private apply(change: Change): void {
    if (change.type === 'agent') this.agents.delete(change.id);
    else if (change.type === 'tenant') this.agents.deleteWhere((row) => row.tenant_id === change.id);
    else if (change.type === 'api_key') this.apiKeys.deleteWhere((row) => row.id === change.id);
    else this.mirror.apply(change.message);
  }

  private async rebuild(): Promise<void> {
    this.agents.clear();
    this.apiKeys.clear();
    await this.mirror.reload(this.options.pool, this.options.clock.nowSeconds());
  }
}
