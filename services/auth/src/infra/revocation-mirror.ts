import type { Queryable } from './db-types.js';
import type { RevocationMessage } from './revocation-bus.js';

export interface RevocationProbe {
  jti: string;
  iat: number;
  /** The acting agent (`act.sub`, else `client_id`). */
  agent: string | undefined;
  sub: string;
  tenant: string;
}

interface MirrorState {
  /** jti → exp (epoch s); expired entries are pruned on reload. */
  jtis: Map<string, number>;
  /** `${kind}:${subject}` → not_before (epoch s). */
  epochs: Map<string, number>;
}

/**
 * Every revocation still in force, in memory: loaded from Postgres (the source of truth) and kept
 * current from the change bus. Answers exactly what `isTokenRevoked` asks Postgres — the jti, or an
 * agent/user/tenant epoch newer than the token's `iat` — and is consulted only while the bus says
 * this instance has applied every announced change (otherwise the caller asks Postgres).
 */
export class RevocationMirror {
  private state: MirrorState = { jtis: new Map(), epochs: new Map() };
  /** Messages that arrive while a reload reads Postgres, replayed onto the fresh state (one per reload). */
  private readonly buffers = new Set<RevocationMessage[]>();

  apply(message: RevocationMessage): void {
    for (const buffer of this.buffers) buffer.push(message);
    applyTo(this.state, message);
  }

  async reload(db: Queryable, nowSeconds: number): Promise<void> {
    const buffered: RevocationMessage[] = [];
    this.buffers.add(buffered);
    try {
      const next: MirrorState = { jtis: new Map(), epochs: new Map() };
      const jtis = await db.query<{ jti: string; exp: string }>(
        `SELECT jti, ceil(extract(epoch FROM expires_at))::bigint AS exp FROM revoked_tokens
          WHERE expires_at > to_timestamp($1)`,
        [nowSeconds],
      );
      for (const row of jtis.rows) next.jtis.set(row.jti, Number(row.exp));
      const epochs = await db.query<{ kind: string; subject: string; not_before: string }>(
        'SELECT kind, subject, not_before FROM revocation_epochs',
      );
      for (const row of epochs.rows) next.epochs.set(`${row.kind}:${row.subject}`, Number(row.not_before));
      for (const message of buffered) applyTo(next, message);
      this.state = next;
    } finally {
      this.buffers.delete(buffered);
    }
  }

  isRevoked(t: RevocationProbe): boolean {
    const { jtis, epochs } = this.state;
    if (jtis.has(t.jti)) return true;
    const newer = (key: string) => {
      const notBefore = epochs.get(key);
      return notBefore !== undefined && notBefore > t.iat;
    };
    return newer(`agent:${t.agent ?? ''}`) || newer(`user:${t.sub}`) || newer(`tenant:${t.tenant}`);
  }

  get size(): { jtis: number; epochs: number } {
    return { jtis: this.state.jtis.size, epochs: this.state.epochs.size };
  }
}

function applyTo(state: MirrorState, message: RevocationMessage): void {
  if (message.kind === 'jti') {
    state.jtis.set(message.value, message.exp);
    return;
  }
  const key = `${message.kind}:${message.value}`;
  // Epochs only move forward (the SQL upsert keeps the GREATEST).
  state.epochs.set(key, Math.max(state.epochs.get(key) ?? 0, message.not_before));
}
