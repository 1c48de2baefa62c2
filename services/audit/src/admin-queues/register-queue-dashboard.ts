import { type Actor, isDomainError, UnauthenticatedError, ValidationError } from '@bulwark/core';
import { actorOf, type ServiceApp, serviceInternals } from '@bulwark/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kek } from '../domain/checkpoints/kek.js';
import {
  type DashboardSession,
  openSession,
  SESSION_TTL_SECONDS,
  sealSession,
  sessionCookie,
} from './dashboard-session.js';
import { type LoginProblem, loginPage } from './login-page.js';
import { assertOperator, OPERATOR_SCOPE } from './operator-access.js';
import { DASHBOARD_PATH, openQueueBoard, type QueueBoard } from './queue-board.js';

export interface QueueDashboardOptions {
  redisUrl: string;
  redisPrefix: string;
  adminTenants: readonly string[];
  kek: Kek;
  nowSeconds?: () => number;
}

/** Hop-by-hop and length headers are the outer reply's own business. */
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);
const REQUEST_HEADERS = ['accept', 'accept-encoding', 'content-type', 'if-none-match', 'if-modified-since'];
const LOGIN_PATH = `${DASHBOARD_PATH}/login`;
const SESSION_PATH = `${DASHBOARD_PATH}/session`;
const API_PATH = `${DASHBOARD_PATH}/api/`;
/** bull-board's page links a Google Fonts stylesheet: the operator's browser would call a third party. */
const THIRD_PARTY_FONTS = /<link[^>]*fonts\.googleapis\.com[^>]*>\s*/g;

/** A browser opening a dashboard page (not the board's API or its static files) without a session. */
function isPageLoad(request: FastifyRequest): boolean {
  if (request.method !== 'GET' || request.url.startsWith(API_PATH) || request.url.includes('/static/')) {
    return false;
  }
  return (request.headers.accept ?? '').includes('text/html');
}

/** The form again, with a fixed message, for a refused sign-in; anything else (e.g. 503) is rethrown. */
function refusedSignIn(error: unknown): { status: number; problem: LoginProblem } {
  const code = isDomainError(error) ? error.code : undefined;
  if (code === 'unauthenticated') return { status: 401, problem: 'unrecognised' };
  if (code === 'forbidden' || code === 'insufficient_scope') return { status: 403, problem: 'not_operator' };
  throw error;
}

/**
 * `/admin/queues`: bull-board for operators (README "Queue dashboard"), hidden from OpenAPI.
 * - Bearer credential (`audit:admin` + operator tenant, see operator-access.ts) on any request, or
 * - the session cookie from `POST /admin/queues/session` (bearer) or the `/admin/queues/login` form.
 * The dashboard routes are declared public to the kit because they authenticate themselves (bearer
 * *or* cookie) before anything is forwarded to the board; the board opens its Redis connection on
 * first use, so building the app touches no store.
 */
export function registerQueueDashboard(app: ServiceApp, options: QueueDashboardOptions): void {
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  let board: Promise<QueueBoard> | undefined;
  app.addHook('onClose', async () => {
    const open = board;
    board = undefined;
    if (open) await (await open).close();
  });

  const authenticate = (authorization: string): Promise<Actor> => {
    const authenticator = serviceInternals(app)?.authenticator;
    if (!authenticator) throw new UnauthenticatedError();
    return authenticator.authenticate(authorization);
  };

  const startSession = (reply: FastifyReply, request: FastifyRequest, actor: Actor) => {
    const session: DashboardSession = {
      tenant_id: actor.tenantId,
      sub: actor.id,
      exp: nowSeconds() + SESSION_TTL_SECONDS,
    };
    reply.header(
      'set-cookie',
      sessionCookie(sealSession(options.kek, session), request.protocol === 'https'),
    );
    reply.header('cache-control', 'no-store');
  };

  /** True when the request may see the board; false for a browser page load to send to the form. */
  const authorise = async (request: FastifyRequest): Promise<boolean> => {
    const authorization = request.headers.authorization;
    if (authorization) {
      assertOperator(await authenticate(authorization), options.adminTenants);
      return true;
    }
    if (openSession(options.kek, request.headers.cookie, nowSeconds())) return true;
    if (isPageLoad(request)) return false;
    throw new UnauthenticatedError(
      `Send an operator credential as \`Authorization: Bearer …\`, or sign in at ${LOGIN_PATH} for a session cookie.`,
    );
  };

  app.post(
    SESSION_PATH,
    { config: { scope: OPERATOR_SCOPE }, schema: { hide: true } },
    async (request, reply) => {
      const actor = actorOf(request);
      assertOperator(actor, options.adminTenants);
      startSession(reply, request, actor);
      return reply.code(204).send();
    },
  );

  const sendLoginPage = (reply: FastifyReply, status: number, problem?: LoginProblem) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(loginPage(problem));

  app.get(LOGIN_PATH, { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    sendLoginPage(reply, 200),
  );

  app.register(async (scope) => {
    // The board gets the request body byte for byte; the login form is parsed here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.post(LOGIN_PATH, { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
      const credential = new URLSearchParams(
        Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '',
      ).get('credential');
      if (!credential) {
        throw new ValidationError('Send the form field `credential`.', [
          { field: '/body/credential', message: 'is required' },
        ]);
      }
      let actor: Actor;
      try {
        actor = await authenticate(`Bearer ${credential}`);
        assertOperator(actor, options.adminTenants);
      } catch (error) {
        const { status, problem } = refusedSignIn(error);
        return sendLoginPage(reply, status, problem);
      }
      startSession(reply, request, actor);
      return reply.code(303).header('location', `${DASHBOARD_PATH}/`).send();
    });

    const forward = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!(await authorise(request))) {
        return reply.code(303).header('location', LOGIN_PATH).header('cache-control', 'no-store').send();
      }
      board ??= openQueueBoard({ url: options.redisUrl, prefix: options.redisPrefix });
      const headers: Record<string, string> = {};
      for (const name of REQUEST_HEADERS) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const response = await (await board).app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers,
        ...(Buffer.isBuffer(request.body) && { payload: request.body }),
      });
      reply.code(response.statusCode);
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined && !NOT_FORWARDED.has(name)) reply.header(name, value);
      }
      reply.header('cache-control', response.headers['cache-control'] ?? 'no-store');
      const type = String(response.headers['content-type'] ?? '');
      if (type.startsWith('text/html')) return reply.send(response.payload.replace(THIRD_PARTY_FONTS, ''));
      return reply.send(response.rawPayload);
    };
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    // Declared public to the kit: `forward` authenticates (bearer or session cookie) first.
    for (const url of [DASHBOARD_PATH, `${DASHBOARD_PATH}/*`]) {
      scope.route({
        method: methods,
        url,
        config: { public: true },
        schema: { hide: true },
        handler: forward,
      });
    }
  });
}
