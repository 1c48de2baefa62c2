import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { BillingClient } from '../billing/billing-client.js';
import { BulwarkError } from '../errors.js';
import type { FlagsClient } from '../flags/flags-client.js';
import { type VerifiedToken, type Verifier, scopeCovers } from '../verifier/create-verifier.js';

export interface GuardOptions {
  verifier: Pick<Verifier, 'verify'>;
  /** Scope(s) the route needs; all must be granted. */
  scope?: string | string[];
  /** Where agent actions go (`bw.audit.recorder()`); omit to record nothing. */
  recorder?: AuditRecorder;
  /** `agent.action.<resource>.<verb>`; recorded for every verified call. */
  action?: string;
  /** Names what was acted on, from the request (e.g. the mailbox). */
  target?: (request: GuardRequest) => { type: string; id: string } | undefined;
  /** Billable units per call. Default 1. */
  units?: number;
  /** Refuse with 402 when the acting agent's budget (billing) would be exceeded. */
  budget?: BillingClient;
  /** Refuse with 403 unless this flag is on for the caller (evaluated with the caller's token). */
  flag?: { client: FlagsClient; name: string };
}

/** The bits of an HTTP request the guard reads; fastify and express requests both fit. */
export interface GuardRequest {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
  url?: string;
  id?: string;
}

export interface GuardDecision {
  token: VerifiedToken;
  /** Records the outcome once the response is known (the middlewares call it on finish). */
  finish(statusCode: number): void;
}

const deny = (status: number, code: string, message: string) => new BulwarkError({ message, code, status });

function bearer(request: GuardRequest): string {
  const header = request.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  if (!match?.[1]) throw deny(401, 'invalid_token', 'An access token is required (Authorization: Bearer …).');
  return match[1];
}

/**
 * The framework-neutral core of the fastify and express middlewares: verify → scope → flag →
 * budget, then record the agent action (batched, never awaited) once the response status is known.
 * A call refused for scope, flag or budget is recorded as `denied`; an unverifiable token is not
 * recorded (it names no trustworthy actor).
 */
export function createGuard(options: GuardOptions) {
  const scopes =
    options.scope === undefined ? [] : Array.isArray(options.scope) ? options.scope : [options.scope];

  function record(
    request: GuardRequest,
    token: VerifiedToken,
    status: 'success' | 'failure' | 'denied',
    reason?: string,
  ) {
    if (!options.recorder || !options.action) return;
    const delegated = token.delegationChain.length > 0;
    const requestId = request.id ?? (request.headers['x-request-id'] as string | undefined);
    try {
      options.recorder.record({
        action: options.action,
        actor: token.agentId ? { type: 'agent', id: token.agentId } : { type: 'user', id: token.subject },
        on_behalf_of: delegated ? { type: 'user', id: token.subject } : null,
        delegation_chain: token.delegationChain.map((sub) => ({ sub })),
        target: options.target?.(request) ?? null,
        outcome: { status, reason: reason ?? null },
        units: status === 'success' ? (options.units ?? 1) : 0,
        ...(requestId ? { request_id: requestId } : {}),
        metadata: {
          scope: token.scopes.join(' '),
          required_scope: scopes.join(' '),
          jti: token.claims.jti ?? null,
        },
      });
    } catch {
      // A closed recorder (shutdown in progress) must not fail the request.
    }
  }

  return async function guard(request: GuardRequest): Promise<GuardDecision> {
    const raw = bearer(request);
    const token = await options.verifier.verify(raw);
    const missing = scopes.find((scope) => !token.scopes.some((g) => scopeCovers(g, scope)));
    if (missing !== undefined) {
      const reason = `The token lacks the scope "${missing}".`;
      record(request, token, 'denied', reason);
      throw deny(403, 'insufficient_scope', reason);
    }
    if (
      options.flag &&
      !(await options.flag.client.isEnabled(options.flag.name, undefined, { token: raw }))
    ) {
      const reason = `The feature "${options.flag.name}" is off for this caller.`;
      record(request, token, 'denied', reason);
      throw deny(403, 'feature_disabled', reason);
    }
    if (options.budget && token.agentId) {
      const decision = await options.budget.budgets.check(token.agentId, options.units ?? 1);
      if (decision.decision === 'exceeded') {
        const reason = 'The agent has used up its budget for this period.';
        record(request, token, 'denied', reason);
        throw deny(402, 'budget_exceeded', reason);
      }
    }
    return {
      token,
      finish(statusCode) {
        const status =
          statusCode < 400 ? 'success' : statusCode === 401 || statusCode === 403 ? 'denied' : 'failure';
        record(request, token, status, status === 'success' ? undefined : `HTTP ${statusCode}`);
      },
    };
  };
}

/**
 * RFC 6750 §3 allows only printable ASCII minus `"` and `\` in error_description, and Node throws on
 * any non-Latin-1 header byte, which would leave the request unanswered. Messages such as
 * "Bearer …" therefore lose their typography here (the problem+json body keeps it).
 */
function headerSafe(message: string): string {
  return message
    .replace(/\u2026/g, '...')
    .replace(/"/g, "'")
    .replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '');
}

/** problem+json body for a refused call. */
export function problemOf(error: unknown): {
  status: number;
  body: Record<string, unknown>;
  wwwAuthenticate?: string;
} {
  const e =
    error instanceof BulwarkError ? error : deny(500, 'internal_error', 'The token could not be checked.');
  const status = e.status >= 400 ? e.status : 503;
  const body = { type: 'about:blank', title: e.code, status, detail: e.message, code: e.code };
  const wwwAuthenticate =
    status === 401
      ? `Bearer error="invalid_token", error_description="${headerSafe(e.message)}"`
      : status === 403 && e.code === 'insufficient_scope'
        ? `Bearer error="insufficient_scope", error_description="${headerSafe(e.message)}"`
        : undefined;
  return wwwAuthenticate ? { status, body, wwwAuthenticate } : { status, body };
}
