import pg from 'pg';

/**
 * One dedicated connection (not pooled), for admin work: CREATE/DROP DATABASE, migrations.
 * The 'error' listener keeps a dropped socket from crashing the process; the pending query rejects.
 */
export async function openClient(
  connectionString: string,
  applicationName = 'bulwark-admin',
): Promise<pg.Client> {
  const client = new pg.Client({ connectionString, application_name: applicationName });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Runs `fn` on a dedicated connection and always closes it. */
export async function withClient<T>(
  connectionString: string,
  fn: (client: pg.Client) => Promise<T>,
  applicationName?: string,
): Promise<T> {
  const client = await openClient(connectionString, applicationName);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
