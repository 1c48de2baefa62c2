import { api, basic, form, type Harness } from './harness.js';

export async function createUser(
  h: Harness,
  email = `u${Math.random().toString(36).slice(2)}@example.com`,
  key = h.adminKey,
) {
  const res = await api<{ id: string }>(h, 'POST', '/v1/users', { key, body: { email, name: 'Test User' } });
  if (res.status !== 201) throw new Error(`user create failed ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createAgent(h: Harness, body: Record<string, unknown> = {}, key = h.adminKey) {
  const res = await api<{ agent: { id: string }; client_secret: string | null }>(h, 'POST', '/v1/agents', {
    key,
    body: {
      name: 'agent',
      allowed_scopes: ['email:read', 'email:send', 'calendar:read', 'offline_access'],
      grant_types: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange', 'refresh_token'],
      max_token_ttl: 900,
      ...body,
    },
  });
  if (res.status !== 201) throw new Error(`agent create failed ${res.status} ${JSON.stringify(res.body)}`);
  if (res.body.client_secret) h.secrets.add(res.body.client_secret);
  return { id: res.body.agent.id, secret: res.body.client_secret as string };
}

export async function createApiKey(h: Harness, scopes: string[], key = h.adminKey) {
  const res = await api<{ id: string; key: string; tenant_id: string }>(h, 'POST', '/v1/api-keys', {
    key,
    body: { name: 'k', scopes },
  });
  if (res.status !== 201) throw new Error(`key create failed ${res.status} ${JSON.stringify(res.body)}`);
  h.secrets.add(res.body.key);
  return res.body;
}

export async function scopedToken(h: Harness, key: string, body: Record<string, unknown>) {
  return api<{ access_token: string; expires_in: number; scope: string; refresh_token?: string }>(
    h,
    'POST',
    '/v1/tokens/scoped',
    { key, body },
  );
}

/** `count` concurrent client_credentials requests of one agent (the group commit batches them). */
export function concurrentClientCredentials(
  h: Harness,
  agent: { id: string; secret: string },
  count: number,
) {
  return Promise.all(
    Array.from({ length: count }, () =>
      form(
        h,
        '/oauth/token',
        { grant_type: 'client_credentials' },
        { authorization: basic(agent.id, agent.secret) },
      ),
    ),
  );
}
