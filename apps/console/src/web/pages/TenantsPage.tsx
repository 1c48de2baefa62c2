import type { Bulwark, Tenant } from '@bulwark/sdk';
import { useState } from 'react';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { useLoad } from '../lib/use-load.js';

interface TenantsPageProps {
  bw: Bulwark;
  selectedTenantId: string | undefined;
  onManageAgents: (tenantId: string | undefined) => void;
}

/** Every tenant (root keys with `tenants:admin`); picking one points the Agents screen at it. */
export function TenantsPage({ bw, selectedTenantId, onManageAgents }: TenantsPageProps) {
  const first = useLoad(() => bw.auth.tenants.list({ limit: 100 }), [bw]);
  const [more, setMore] = useState<{ rows: Tenant[]; cursor: string | null }>();
  const [moreError, setMoreError] = useState<unknown>();
  const rows = [...(first.data?.data ?? []), ...(more?.rows ?? [])];
  const cursor = more ? more.cursor : (first.data?.next_cursor ?? null);

  const loadMore = () => {
    if (!cursor) return;
    bw.auth.tenants
      .list({ limit: 100, cursor })
      .then(
        (page) => setMore({ rows: [...(more?.rows ?? []), ...page.data], cursor: page.next_cursor }),
        setMoreError,
      );
  };

  return (
    <section>
      <h2>Tenants</h2>
      <ErrorBanner error={first.error ?? moreError} />
      {first.loading && !first.data ? <p>Loading…</p> : null}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Id</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((tenant) => (
            <tr key={tenant.id}>
              <td>{tenant.name}</td>
              <td>
                <code>{tenant.id}</code>
              </td>
              <td>
                {typeof tenant.created_at === 'string' ? new Date(tenant.created_at).toLocaleString() : ''}
              </td>
              <td>
                {selectedTenantId === tenant.id ? (
                  <button type="button" onClick={() => onManageAgents(undefined)}>
                    Back to my tenant
                  </button>
                ) : (
                  <button type="button" onClick={() => onManageAgents(tenant.id)}>
                    Manage agents
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor ? (
        <button type="button" onClick={loadMore}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
