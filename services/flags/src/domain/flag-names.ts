import { ValidationError } from '@bulwark/core';

/** A tenant-local flag name: lower-case segments, e.g. `agent.email.send` or `new-checkout`. */
export const FLAG_NAME_PATTERN = '^[a-z0-9][a-z0-9_-]*(\\.[a-z0-9_-]+)*$';
const FLAG_NAME = new RegExp(FLAG_NAME_PATTERN);

/**
 * Unleash OSS has one project, so tenants share one namespace: each flag is stored as
 * `<tenantId>.<name>`. The tenant part always comes from the caller's verified token.
 */
export function unleashNameFor(tenantId: string, name: string): string {
  if (!FLAG_NAME.test(name) || name.length > 100) {
    throw new ValidationError('Invalid flag name.', [
      {
        field: '/name',
        message: 'lower-case letters, digits, "-", "_" in dot-separated segments, ≤ 100 chars',
      },
    ]);
  }
  return `${tenantId}.${name}`;
}

/** The tenant-local name of an Unleash flag, or undefined when the flag is not this tenant's. */
export function localNameOf(tenantId: string, unleashName: string): string | undefined {
  const prefix = `${tenantId}.`;
  return unleashName.startsWith(prefix) ? unleashName.slice(prefix.length) : undefined;
}
