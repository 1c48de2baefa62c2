import type { ClientBase } from 'pg';

/** Records (or revives) a tenant's flag; our bookkeeping beside the Unleash row. */
export async function upsertRegisteredFlag(
  client: ClientBase,
  row: { tenantId: string; name: string; unleashName: string; createdBy: string },
): Promise<void> {
  await client.query(
    `INSERT INTO flags_registry (tenant_id, name, unleash_name, created_by)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, name) DO UPDATE SET archived_at = NULL, updated_at = now()`,
    [row.tenantId, row.name, row.unleashName, row.createdBy],
  );
}

export async function touchRegisteredFlag(client: ClientBase, tenantId: string, name: string): Promise<void> {
  await client.query('UPDATE flags_registry SET updated_at = now() WHERE tenant_id = $1 AND name = $2', [
    tenantId,
    name,
  ]);
}

export async function archiveRegisteredFlag(
  client: ClientBase,
  tenantId: string,
  name: string,
): Promise<void> {
  await client.query(
    'UPDATE flags_registry SET archived_at = now(), updated_at = now() WHERE tenant_id = $1 AND name = $2',
    [tenantId, name],
  );
}
