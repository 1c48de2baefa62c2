import type { CommandContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { details, print, table } from '../output.js';

export async function flags(ctx: CommandContext, verb: string | undefined): Promise<void> {
  const bw = ctx.client();
  if (verb === 'list') {
    const { data } = await bw.flags.list();
    print(ctx.io, data, () => table(data, ['name', 'enabled', 'rollout', 'variants', 'description']));
  } else if (verb === 'toggle') {
    const [name, state] = ctx.args;
    if (!name || (state !== 'on' && state !== 'off'))
      throw new UsageError('usage: bulwark flags toggle NAME on|off');
    const flag = await bw.flags.toggle(name, state === 'on');
    print(ctx.io, flag, () => details({ name: flag.name, enabled: flag.enabled, rollout: flag.rollout }));
  } else throw new UsageError('usage: bulwark flags list | flags toggle NAME on|off');
}

/** `bulwark usage [--group-by agent|user|action|day] [--from ISO] [--to ISO]` */
export async function usage(ctx: CommandContext): Promise<void> {
  const groupBy = ctx.flags.string('group-by') ?? 'agent';
  if (!['agent', 'user', 'action', 'day'].includes(groupBy))
    throw new UsageError('--group-by must be agent, user, action or day.');
  const from = ctx.flags.string('from');
  const to = ctx.flags.string('to');
  const report = await ctx.client().billing.usage({
    group_by: groupBy as 'agent',
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  });
  print(ctx.io, report, () => table(report.data, ['key', 'units', 'events']));
}
