import { BulwarkError } from '@bulwark/sdk';
import { Flags, parseArgs } from './args.js';
import { auditExport, auditTail, auditVerify } from './commands/audit.js';
import { agents, tenants, users } from './commands/directory.js';
import { flags, usage } from './commands/flags-usage.js';
import { licenseIssue, licenseValidate, licenseVerifyOffline } from './commands/license.js';
import { login, whereIsConfig } from './commands/login.js';
import { revoke, tokenInspect, tokenMint } from './commands/token.js';
import { type CommandContext, createContext } from './context.js';
import { CheckFailed, EXIT, UsageError, exitCodeOf } from './exit-codes.js';
import { HELP } from './help.js';
import type { Output } from './output.js';

const BOOLEAN_FLAGS = new Set(['json', 'follow', 'no-verify', 'help']);

type Handler = (ctx: CommandContext) => Promise<void> | void;

/** Every command: `group verb` or `group`; the rest of the words are the command's arguments. */
function route(
  group: string | undefined,
  verb: string | undefined,
): { handler: Handler; consumed: number } | undefined {
  const two: Record<string, Handler> = {
    'token mint': tokenMint,
    'token inspect': tokenInspect,
    'audit tail': auditTail,
    'audit verify': auditVerify,
    'audit export': auditExport,
    'license issue': licenseIssue,
    'license validate': licenseValidate,
    'license verify-offline': licenseVerifyOffline,
  };
  const byGroup: Record<string, (ctx: CommandContext, verb: string | undefined) => Promise<void>> = {
    tenants,
    users,
    agents,
    flags,
  };
  const one: Record<string, Handler> = { login, revoke, usage, 'config-path': whereIsConfig };
  const key = `${group} ${verb}`;
  if (two[key]) return { handler: two[key], consumed: 2 };
  const grouped = group ? byGroup[group] : undefined;
  if (grouped) return { handler: (ctx) => grouped(ctx, verb), consumed: 2 };
  if (group && one[group]) return { handler: one[group], consumed: 1 };
  return undefined;
}

/** Runs one CLI invocation and returns its exit code (main.ts sets process.exitCode). */
export async function run(argv: readonly string[], io: Output, env: NodeJS.ProcessEnv): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv, BOOLEAN_FLAGS);
  } catch (error) {
    io.err(`bulwark: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  io.json = parsed.flags.get('json') === true;
  const [group, verb] = parsed.positionals;
  if (!group || group === 'help' || parsed.flags.get('help') === true) {
    io.out(HELP);
    return group || parsed.flags.get('help') === true ? EXIT.ok : EXIT.usage;
  }
  const found = route(group, verb);
  if (!found) {
    io.err(`bulwark: unknown command "${parsed.positionals.slice(0, 2).join(' ')}". Run \`bulwark help\`.\n`);
    return EXIT.usage;
  }
  try {
    const ctx = await createContext(io, new Flags(parsed), parsed.positionals.slice(found.consumed), env);
    await found.handler(ctx);
    return EXIT.ok;
  } catch (error) {
    const code = exitCodeOf(error);
    if (!(error instanceof CheckFailed)) reportError(io, error);
    return code;
  }
}

function reportError(io: Output, error: unknown): void {
  if (io.json) {
    const body =
      error instanceof BulwarkError
        ? {
            error: {
              code: error.code,
              status: error.status,
              message: error.message,
              request_id: error.requestId ?? null,
            },
          }
        : {
            error: {
              code: error instanceof UsageError ? 'usage' : 'error',
              message: (error as Error).message,
            },
          };
    io.err(`${JSON.stringify(body)}\n`);
    return;
  }
  const suffix = error instanceof BulwarkError && error.requestId ? ` (request ${error.requestId})` : '';
  io.err(`bulwark: ${(error as Error).message ?? String(error)}${suffix}\n`);
}
