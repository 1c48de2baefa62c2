import { Bulwark } from '../../src/index.js';

export interface DemoTenant {
  tenantId: string;
  /** A tenant API key with `scopes` (plus delegation and auth admin). */
  key: string;
  client: Bulwark;
  user: { id: string };
  agent: { id: string; secret: string };
}

/**
 * Onboards a tenant through the real auth admin API, as an operator would: a backend key, one user
 * and one agent allowed `agentScopes`. Names carry `label` so two tests never collide.
 */
export async function onboardTenant(
  adminKey: string,
  urls: Record<string, string | undefined>,
  options: { label: string; scopes: string[]; agentScopes: string[] },
): Promise<DemoTenant> {
  const operator = new Bulwark({ apiKey: adminKey, urls });
  const tenant = await operator.auth.tenants.create({ name: `SDK ${options.label}` });
  const created = await operator.auth.apiKeys.create(
    {
      name: `${options.label} backend`,
      scopes: ['tokens:delegate', 'auth:admin', 'auth:read', ...options.scopes, ...options.agentScopes],
    },
    { tenantId: tenant.id },
  );
  const client = new Bulwark({ apiKey: created.key, urls });
  const user = await client.auth.users.create({ email: `${options.label}@sdk.test`, name: options.label });
  const agent = await client.auth.agents.create({
    name: `${options.label} agent`,
    allowed_scopes: options.agentScopes,
    max_token_ttl: 3600,
  });
  return {
    tenantId: tenant.id,
    key: created.key,
    client,
    user: { id: user.id },
    agent: { id: agent.agent.id, secret: agent.client_secret as string },
  };
}

/** Polls `probe` until it yields a value; the deadline is generous and nothing is timed. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  attempts = 300,
): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
