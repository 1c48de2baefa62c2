import type { Kek } from '../domain/checkpoints/kek.js';

/**
 * Browsers cannot send a bearer header when they navigate, so an operator exchanges a credential
 * for a short-lived session cookie (README "Queue dashboard"). The cookie is the session sealed with
 * AES-256-GCM under the KEK (purpose in the AAD): any replica with the same KEK accepts it, nobody
 * can forge or read it, and it expires on its own; no server-side state.
 */
export const SESSION_COOKIE = 'bulwark_queues';
export const SESSION_TTL_SECONDS = 15 * 60;
const PURPOSE = 'audit-admin-queues-session';

export interface DashboardSession {
  tenant_id: string;
  /** The operator's actor id, for logs. */
  sub: string;
  /** Epoch seconds. */
  exp: number;
}

export function sealSession(kek: Kek, session: DashboardSession): string {
  return kek.encrypt(Buffer.from(JSON.stringify(session), 'utf8'), PURPOSE);
}

/** The valid, unexpired session in a Cookie header, or undefined. */
export function openSession(
  kek: Kek,
  cookieHeader: string | undefined,
  nowSeconds: number,
): DashboardSession | undefined {
  const sealed = cookieValue(cookieHeader, SESSION_COOKIE);
  if (!sealed) return undefined;
  let session: DashboardSession;
  try {
    session = JSON.parse(kek.decrypt(sealed, PURPOSE).toString('utf8')) as DashboardSession;
  } catch {
    return undefined;
  }
  if (typeof session.exp !== 'number' || session.exp <= nowSeconds || typeof session.tenant_id !== 'string') {
    return undefined;
  }
  return session;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** `Secure` when the request came over TLS (directly or as the proxy says). */
export function sessionCookie(value: string, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/admin/queues',
    `Max-Age=${SESSION_TTL_SECONDS}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
