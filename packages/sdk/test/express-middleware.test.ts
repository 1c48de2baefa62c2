import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The example agent's in-process stack, by path: a workspace dependency on it would be a cycle.
import { useLocalStack } from '../../../apps/example-agent/test/support/stack.js';
import { type AuditRecorder, type VerifiedToken, type Verifier, bulwarkExpress } from '../src/index.js';
import { type DemoTenant, onboardTenant, until } from './support/tenant.js';

const stack = useLocalStack();

let tenant: DemoTenant;
let verifier: Verifier;
let recorder: AuditRecorder;
let baseUrl: string;
let closeServer: () => Promise<void>;

/** A tiny express "mail API": every route is guarded by the SDK middleware with its own scope. */
function mailApp() {
  const app = express();
  const guard = (scope: string, action: string) =>
    bulwarkExpress({
      verifier,
      scope,
      recorder,
      action,
      target: (request) => ({ type: 'mailbox', id: String(request.url?.split('/')[2]) }),
    });
  app.get('/mailboxes/:user/messages', guard('email', 'agent.action.email.read'), (req, res) => {
    const token = (req as typeof req & { bulwark?: VerifiedToken }).bulwark;
    res.json({ for: token?.subject, by: token?.agentId, messages: [{ subject: 'Lunch?' }] });
  });
  app.get('/mailboxes/:user/drafts', guard('email', 'agent.action.email.drafts'), (_req, res) => {
    res.status(404).json({ detail: 'no drafts' });
  });
  return app;
}

beforeAll(async () => {
  tenant = await onboardTenant(stack.adminKey, stack.urls, {
    label: 'express',
    scopes: ['audit:write', 'audit:read'],
    agentScopes: ['email', 'calendar:read'],
  });
  verifier = tenant.client.verifier();
  recorder = tenant.client.audit.recorder({ flushIntervalMs: 100 });
  const server = mailApp().listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeServer = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await closeServer?.();
  await recorder?.close();
  verifier?.close();
});

const get = (path: string, token?: string) =>
  fetch(`${baseUrl}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

const mint = (scope: string) =>
  tenant.client.auth.generateScopedToken(tenant.user, { scope, ttl: 600, agent: tenant.agent.id });

describe('bulwarkExpress in a real express app, against real auth and audit', () => {
  it('answers 401 problem+json without a token, and with a token it cannot verify', async () => {
    const missing = await get(`/mailboxes/${tenant.user.id}/messages`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await missing.json()).toMatchObject({ status: 401, code: 'invalid_token' });
    expect((await get(`/mailboxes/${tenant.user.id}/messages`, 'not-a-jwt')).status).toBe(401);
  });

  it('answers 403 insufficient_scope for a token without the route scope', async () => {
    const calendarOnly = await mint('calendar:read');
    const refused = await get(`/mailboxes/${tenant.user.id}/messages`, calendarOnly.value);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('insufficient_scope');
    expect(await refused.json()).toMatchObject({ status: 403, code: 'insufficient_scope' });
  });

  it('lets the right scope through with the verified token on req.bulwark', async () => {
    const email = await mint('email');
    const ok = await get(`/mailboxes/${tenant.user.id}/messages`, email.value);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ for: tenant.user.id, by: tenant.agent.id });
    expect((await get(`/mailboxes/${tenant.user.id}/drafts`, email.value)).status).toBe(404);
  });

  it('records each verified call to audit with actor, on_behalf_of, chain, scope and outcome', async () => {
    await recorder.flush();
    const events = await until('the agent actions in the audit trail', async () => {
      const page = await tenant.client.audit.query({ agent: tenant.agent.id, order: 'asc', limit: 50 });
      return page.data.length >= 3 ? page.data : undefined;
    });
    const base = {
      tenant_id: tenant.tenantId,
      actor: { type: 'agent', id: tenant.agent.id },
      on_behalf_of: { type: 'user', id: tenant.user.id },
      delegation_chain: [{ sub: tenant.agent.id }],
      target: { type: 'mailbox', id: tenant.user.id },
    };
    const reads = events.filter((e) => e.action === 'agent.action.email.read');
    expect(reads).toHaveLength(2);
    expect(reads).toContainEqual(
      expect.objectContaining({
        ...base,
        outcome: expect.objectContaining({ status: 'denied' }),
        units: 0,
        metadata: expect.objectContaining({ scope: 'calendar:read', required_scope: 'email' }),
      }),
    );
    expect(reads).toContainEqual(
      expect.objectContaining({
        ...base,
        outcome: expect.objectContaining({ status: 'success' }),
        units: 1,
        metadata: expect.objectContaining({ scope: 'email', required_scope: 'email' }),
      }),
    );
    expect(events.find((e) => e.action === 'agent.action.email.drafts')).toMatchObject({
      ...base,
      outcome: { status: 'failure', reason: 'HTTP 404' },
      units: 0,
    });
    // An unverifiable caller names no trustworthy actor, so the 401s recorded nothing.
    expect(events).toHaveLength(3);
  });
});
