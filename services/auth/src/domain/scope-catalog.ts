import { scopeCovers, ValidationError } from '@bulwark/core';
import type { Queryable } from '../infra/db-types.js';

/** Protocol scopes that ask for a behaviour, not a resource permission: never in a catalog. */
const PROTOCOL_SCOPES = new Set(['offline_access']);

/**
 * The scopes an agent may be given must exist in its tenant's scope catalog (`/v1/scopes`), so
 * a typo cannot mint a permission nobody defined. A wildcard (`email:*`) passes when it covers at
 * least one catalogued scope. Enforced once the tenant uses its catalog (at least one entry): a
 * tenant with an empty catalog has not adopted it yet, and its agents keep free-form scopes.
 * Returns the unknown scopes (empty: all catalogued, or no catalog in use).
 */
export async function uncataloguedScopes(
  db: Queryable,
  tenantId: string,
  scopes: readonly string[],
): Promise<string[]> {
  const wanted = scopes.filter((s) => !PROTOCOL_SCOPES.has(s));
  if (wanted.length === 0) return [];
  const { rows } = await db.query<{ name: string }>('SELECT name FROM scopes WHERE tenant_id = $1', [
    tenantId,
  ]);
  if (rows.length === 0) return [];
  const catalog = new Set(rows.map((r) => r.name));
  return wanted.filter(
    (scope) => !catalog.has(scope) && !(scope.endsWith('*') && rows.some((r) => scopeCovers(scope, r.name))),
  );
}

/** 400 `validation_failed` naming the unknown scopes and how to define them. */
export async function assertScopesCatalogued(
  db: Queryable,
  tenantId: string,
  scopes: readonly string[],
  field: string,
): Promise<void> {
  const unknown = await uncataloguedScopes(db, tenantId, scopes);
  if (unknown.length === 0) return;
  const list = unknown.map((s) => s.slice(0, 100)).join(' ');
  throw new ValidationError(
    `Unknown scopes: ${list}. They are not in this tenant's scope catalog; create them first with POST /v1/scopes.`,
    [{ field, message: `not in the tenant's scope catalog: ${list}` }],
  );
}
