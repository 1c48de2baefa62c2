import { type Actor, hasScope } from '@bulwark/core';
import type { NextFunction, Request, Response } from 'express';
import { unleashEmailFor } from './actor-email.js';

export const FLAGS_ADMIN_SCOPE = 'flags:admin';

/** Verifies `Authorization: Bearer …` the way every Bulwark API does (service-kit's authenticator). */
export type AuthenticateBearer = (authorization: string | undefined) => Promise<Actor>;

interface UnleashUser {
  id: number;
  email?: string;
}

interface UnleashServices {
  userService: {
    loginUserSSO(input: {
      email: string;
      name: string;
      rootRole: string;
      autoCreate: boolean;
    }): Promise<UnleashUser>;
  };
}

type SessionRequest = Request & {
  user?: unknown;
  session?: { user?: unknown } | null;
};

const USER_CACHE_MS = 60_000;

function refuse(res: Response, message: string): void {
  res.status(401).json({
    type: 'custom',
    code: 'unauthenticated',
    message,
    path: '/unleash/auth/bulwark/login',
  });
}

/** bearerTokenMiddleware strips "Bearer " on /api paths; put it back for our verifier. */
function asBearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return /^Bearer\s/i.test(header) ? header : `Bearer ${header}`;
}

/**
 * Unleash's `customAuthHandler`: a Bulwark credential holding `flags:admin` becomes an Unleash
 * Admin (auto-created on first use, keyed by an email that encodes the Bulwark actor); anything
 * else is refused with 401. Unleash API tokens (our SDK tokens) were already resolved by Unleash's
 * own middleware before this runs, so SDK traffic passes through untouched.
 */
/**
 * Unleash OSS has no tenants, so its own UI and Admin API see every tenant's flags. Only operators
 * (credentials of the tenants listed in FLAGS_UNLEASH_ADMIN_TENANTS) may use it; tenants manage
 * their flags through Bulwark's tenant-isolated `/v1/flags` API. Empty list = raw UI closed.
 */
export interface UnleashAdminPolicy {
  adminTenants: readonly string[];
}

export function bulwarkCustomAuth(authenticate: AuthenticateBearer, policy: UnleashAdminPolicy) {
  const users = new Map<string, { user: UnleashUser; until: number }>();

  const unleashUserFor = async (actor: Actor, services: UnleashServices): Promise<UnleashUser> => {
    const email = unleashEmailFor(actor);
    const cached = users.get(email);
    if (cached && cached.until > Date.now()) return cached.user;
    const user = await services.userService.loginUserSSO({
      email,
      name: `${actor.type} ${actor.id} (${actor.tenantId})`,
      rootRole: 'Admin',
      autoCreate: true,
    });
    users.set(email, { user, until: Date.now() + USER_CACHE_MS });
    return user;
  };

  const verifyAdmin = async (authorization: string | undefined): Promise<Actor | undefined> => {
    try {
      const actor = await authenticate(asBearer(authorization));
      const operator = policy.adminTenants.includes(actor.tenantId);
      return operator && hasScope(actor.scopes, FLAGS_ADMIN_SCOPE) ? actor : undefined;
    } catch {
      return undefined;
    }
  };

  return (
    app: import('express').Application,
    config: { server: { baseUriPath: string } },
    services: unknown,
  ) => {
    const base = config.server.baseUriPath;
    const unleashServices = services as UnleashServices;

    // The UI cannot send our bearer header, so it trades a credential for Unleash's session cookie once.
    app.post(`${base}/auth/bulwark/login`, async (req: SessionRequest, res: Response) => {
      const body = (req.body ?? {}) as { token?: unknown };
      const header = typeof body.token === 'string' ? `Bearer ${body.token}` : req.header('authorization');
      const actor = await verifyAdmin(header);
      if (!actor)
        return refuse(
          res,
          'An operator credential (a tenant listed in FLAGS_UNLEASH_ADMIN_TENANTS) with the scope flags:admin is required; tenants manage flags through /v1/flags.',
        );
      const user = await unleashUserFor(actor, unleashServices);
      if (req.session) req.session.user = user;
      res.status(200).json({ ok: true });
    });

    app.use(`${base}/api`, async (req: SessionRequest, res: Response, next: NextFunction) => {
      if (req.user) return next();
      const actor = await verifyAdmin(req.header('authorization'));
      if (actor) {
        req.user = await unleashUserFor(actor, unleashServices).catch(() => undefined);
        if (req.user) return next();
      } else if (req.session?.user && !req.header('authorization')) {
        req.user = req.session.user;
        return next();
      }
      refuse(
        res,
        'An operator credential (a tenant listed in FLAGS_UNLEASH_ADMIN_TENANTS) with flags:admin, or an Unleash SDK token, is required; tenants manage flags through /v1/flags.',
      );
    });
  };
}
