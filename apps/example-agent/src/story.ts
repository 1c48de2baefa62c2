import { Bulwark, type AuditEvent, decodeToken, explainDelegation } from '@bulwark/sdk';
import { startMailApi } from './mail-api.js';

export interface StoryOptions {
  /** The bootstrap admin key (`*`), as printed by `npm start`. */
  adminKey: string;
  /** Per-service URLs; defaults are the local `npm start` ports. */
  urls?: { auth?: string; audit?: string; billing?: string };
  log?: (line: string) => void;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The seed article's story, end to end, against real Bulwark services. */
export async function runStory(options: StoryOptions) {
  const log = options.log ?? console.log;
  const urls = options.urls ?? {};
  const operator = new Bulwark({ apiKey: options.adminKey, urls });

  // 0. An operator onboards a tenant: its backend key, a user, and a mail agent.
  const tenant = await operator.auth.tenants.create({ name: `Example Co ${Date.now()}` });
  const backendKey = await operator.auth.apiKeys.create(
    {
      name: 'example backend',
      scopes: [
        'tokens:delegate',
        'auth:admin',
        'auth:read',
        'audit:write',
        'audit:read',
        'billing:read',
        'email',
        'calendar:read',
      ],
    },
    { tenantId: tenant.id },
  );
  const backend = new Bulwark({ apiKey: backendKey.key, urls });
  const user = await backend.auth.users.create({ email: 'alice@example.com', name: 'Alice' });
  const { agent } = await backend.auth.agents.create({
    name: 'mail-assistant',
    allowed_scopes: ['email'],
    max_token_ttl: 3600,
  });
  log(`tenant ${tenant.id}: user ${user.id}, agent ${agent.id}`);

  // 1. The backend mints a scoped, 1-hour email token for the agent acting on Alice's behalf.
  const authService = new Bulwark({ apiKey: backendKey.key, agentId: agent.id, urls }).auth;
  const token = await authService.generateScopedToken(user, { scope: 'email', ttl: 3600 });
  log(
    `token: scope=${token.scope.join(' ')} ttl=${token.expiresIn}s — ${explainDelegation(decodeToken(token.value))}`,
  );

  // 2. The mail API verifies with the SDK and records each agent action to audit (batched).
  const verifier = backend.verifier();
  verifier.connectRevocationFeed({ apiKey: backendKey.key });
  const recorder = backend.audit.recorder({ flushIntervalMs: 200 });
  const mail = await startMailApi(verifier, recorder);

  // 3. The agent reads Alice's mail (allowed) and tries her calendar (no scope: refused).
  const call = (path: string) =>
    fetch(`${mail.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const read = await call(`/mailboxes/${user.id}/messages`);
  const calendar = await call(`/mailboxes/${user.id}/calendar`);
  const refusal = (await calendar.json()) as { code?: string };
  log(`agent → GET messages: ${read.status}; GET calendar: ${calendar.status} (${refusal.code})`);

  await mail.close();
  await recorder.close(); // flushes pending audit records, as a real shutdown would
  verifier.close();

  // 4. The audit trail shows who did what for whom; billing has metered it.
  const events = await waitFor('the audit trail', async () => {
    const page = await backend.audit.query({ agent: agent.id, order: 'asc' });
    return page.data.length >= 2 ? page.data : undefined;
  });
  log('audit trail:');
  for (const e of events as AuditEvent[]) {
    const chain = (e.delegation_chain ?? []).map((d) => d.sub).join(' ← ');
    log(
      `  ${e.occurred_at} ${e.action} by ${e.actor.id} for ${e.on_behalf_of?.id} via [${chain}] → ${e.outcome.status}`,
    );
  }
  const usage = await waitFor('metered usage', async () => {
    const report = await backend.billing.usage({ group_by: 'agent' });
    const row = report.data.find((r) => r.key === agent.id);
    return row && row.events >= 2 ? row : undefined;
  });
  log(`billing: agent ${agent.id} used ${usage.units} unit(s) in ${usage.events} action(s)`);

  return {
    tenantId: tenant.id,
    userId: user.id,
    agentId: agent.id,
    token,
    statuses: [read.status, calendar.status],
    events,
    usage,
  };
}
