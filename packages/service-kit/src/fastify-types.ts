import type { Actor } from '@bulwark/core';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set by the auth plugin on protected routes, `undefined` on public ones. */
    actor: Actor | undefined;
  }

  interface FastifyContextConfig {
    /** The scope a caller needs for this route (RFC 6749 §3.3 scope token). */
    scope?: string;
    /**
     * Broader scopes that also grant this route (e.g. `['billing:admin']` on a `billing:read` route),
     * so an admin credential does not need the read scope as well. Optional and additive.
     */
    impliedByScopes?: readonly string[];
    /** Declares the route public on purpose: no credential is read or required. */
    public?: boolean;
  }
}

/** The fastify instance every Bulwark service builds its routes on (TypeBox type provider). */
export type ServiceApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
