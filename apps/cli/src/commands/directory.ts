import type { CommandContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { details, print, table } from '../output.js';

const tenantTarget = (ctx: CommandContext) => {
  const tenantId = ctx.flags.string('tenant');
  return tenantId ? { tenantId } : undefined;
};

export async function tenants(ctx: CommandContext, verb: string | undefined): Promise<void> {
  const bw = ctx.client();
  if (verb === 'create') {
    const tenant = await bw.auth.tenants.create({ name: ctx.flags.required('name') });
    print(ctx.io, tenant, () => details(tenant));
  } else if (verb === 'list') {
    const page = await bw.auth.tenants.list({ limit: ctx.flags.int('limit') ?? 100 });
    print(ctx.io, page.data, () => table(page.data, ['id', 'name', 'status', 'created_at']));
  } else throw new UsageError('usage: bulwark tenants create --name NAME | tenants list');
}

export async function users(ctx: CommandContext, verb: string | undefined): Promise<void> {
  const bw = ctx.client();
  if (verb === 'create') {
    const name = ctx.flags.string('name');
    const user = await bw.auth.users.create(
      { email: ctx.flags.required('email'), ...(name ? { name } : {}) },
      tenantTarget(ctx),
    );
    print(ctx.io, user, () => details(user));
  } else if (verb === 'list') {
    const page = await bw.auth.users.list({ ...tenantTarget(ctx), limit: ctx.flags.int('limit') ?? 100 });
    print(ctx.io, page.data, () => table(page.data, ['id', 'email', 'name', 'status']));
  } else throw new UsageError('usage: bulwark users create --email EMAIL [--name NAME] | users list');
}

export async function agents(ctx: CommandContext, verb: string | undefined): Promise<void> {
  const bw = ctx.client();
  if (verb === 'create') {
    const grantTypes = ctx.flags.list('grant-types');
    const owner = ctx.flags.string('owner');
    const ttl = ctx.flags.int('max-ttl');
    const created = await bw.auth.agents.create(
      {
        name: ctx.flags.required('name'),
        allowed_scopes: ctx.flags.list('scopes') ?? [],
        ...(grantTypes ? { grant_types: grantTypes } : {}),
        ...(owner ? { owner_user_id: owner } : {}),
        ...(ttl !== undefined ? { max_token_ttl: ttl } : {}),
      },
      tenantTarget(ctx),
    );
    print(ctx.io, created, () =>
      [
        details({ ...created.agent }),
        '',
        created.client_secret
          ? `client_secret  ${created.client_secret}\n(shown once: store it now)`
          : 'no client secret (private_key_jwt)',
      ].join('\n'),
    );
  } else if (verb === 'list') {
    const page = await bw.auth.agents.list({ ...tenantTarget(ctx), limit: ctx.flags.int('limit') ?? 100 });
    print(ctx.io, page.data, () =>
      table(page.data, ['id', 'name', 'status', 'allowed_scopes', 'max_token_ttl', 'owner_user_id']),
    );
  } else
    throw new UsageError('usage: bulwark agents create --name NAME --scopes a,b [--max-ttl S] | agents list');
}
