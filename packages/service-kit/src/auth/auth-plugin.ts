import { type Actor, hasScope, isValidScopeToken } from '@bulwark/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Authenticator } from './authenticator.js';
import { requireScope } from './require-scope.js';

export interface AuthPluginOptions {
  authenticator: Authenticator | undefined;
  /** URL prefixes of routes that third-party plugins register for us (swagger-ui) and that are public. */
  publicPrefixes: string[];
}

function describe(route: RouteOptions): string {
  return `${Array.isArray(route.method) ? route.method.join(',') : route.method} ${route.url}`;
}

/**
 * Every route must say who may call it: `config: { scope: 'x:y' }` or `config: { public: true }`.
 * The check runs when the route is registered, so a forgotten declaration fails at boot (and in every
 * test) instead of shipping a public endpoint by accident.
 */
function checkRouteDeclaration(route: RouteOptions, options: AuthPluginOptions): void {
  const config = (route.config ?? {}) as { scope?: unknown; public?: unknown };
  if (options.publicPrefixes.some((prefix) => route.url.startsWith(prefix))) {
    route.config = { ...route.config, public: true };
    return;
  }
  const isPublic = config.public === true;
  const hasScope = config.scope !== undefined;
  if (isPublic && hasScope) {
    throw new Error(`${describe(route)} declares both config.public and config.scope; choose one.`);
  }
  if (isPublic) return;
  if (!hasScope) {
    throw new Error(
      `${describe(route)} declares neither config.scope nor config.public: true; every route must say who may call it.`,
    );
  }
  if (typeof config.scope !== 'string' || !isValidScopeToken(config.scope)) {
    throw new Error(`${describe(route)} declares an invalid config.scope ${JSON.stringify(config.scope)}.`);
  }
  const implied = (config as { impliedByScopes?: unknown }).impliedByScopes;
  if (
    implied !== undefined &&
    (!Array.isArray(implied) || !implied.every((s) => typeof s === 'string' && isValidScopeToken(s)))
  ) {
    throw new Error(
      `${describe(route)} declares an invalid config.impliedByScopes ${JSON.stringify(implied)}.`,
    );
  }
  if (!options.authenticator) {
    throw new Error(
      `${describe(route)} requires scope "${config.scope}" but buildService() was given no \`auth\` options.`,
    );
  }
}

type OnRequestHook =
  NonNullable<RouteOptions['onRequest']> extends infer H
    ? H extends readonly (infer One)[]
      ? One
      : H
    : never;

/**
 * The `onRequest` hook of one protected route: resolves `request.actor` and enforces the route's
 * scope — before the body is read or validated, so an unauthenticated or under-scoped caller costs no
 * parsing and learns nothing from validation errors. Callback style with a synchronous path for an
 * already verified token: no promise per request on the common path.
 */
function authHookFor(authenticator: Authenticator, scope: string, impliedBy: readonly string[]) {
  const admitted = (request: FastifyRequest, actor: Actor): Error | undefined => {
    request.actor = actor;
    if (impliedBy.some((broader) => hasScope(actor.scopes, broader))) return undefined;
    try {
      requireScope(actor, scope);
      return undefined;
    } catch (error) {
      return error as Error;
    }
  };
  const hook = (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    const authorization = request.headers.authorization;
    let cached: Actor | undefined;
    try {
      cached = authenticator.authenticateCached?.(authorization);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (cached) {
      done(admitted(request, cached));
      return;
    }
    authenticator.authenticate(authorization).then(
      (actor) => done(admitted(request, actor)),
      (error: Error) => done(error),
    );
  };
  return hook as OnRequestHook;
}

/**
 * Checks every route's declaration and gives each protected route its own auth hook (scope captured
 * when the route is registered). Public routes and 404s get no hook at all: they never read
 * credentials — the auth service's own introspection endpoint is public, and authenticating there
 * would make it call itself. The hook is appended after route-level hooks added earlier, so the rate
 * limiter (registered before) counts a request before its credential is verified.
 */
async function authPlugin(app: FastifyInstance, options: AuthPluginOptions): Promise<void> {
  app.decorateRequest('actor', undefined);
  const authenticator = options.authenticator;
  app.addHook('onRoute', (route) => {
    checkRouteDeclaration(route, options);
    const config = (route.config ?? {}) as { public?: boolean; scope?: string; impliedByScopes?: string[] };
    if (!authenticator || config.public === true || config.scope === undefined) return;
    const hook = authHookFor(authenticator, config.scope, config.impliedByScopes ?? []);
    const existing = route.onRequest;
    route.onRequest =
      existing === undefined ? [hook] : [...(Array.isArray(existing) ? existing : [existing]), hook];
  });
  if (!authenticator) return;
  app.addHook('onReady', () => authenticator.start());
  app.addHook('onClose', () => authenticator.close());
}

export const authentication = fp(authPlugin, { name: 'bulwark-auth', fastify: '5.x' });
