import { useQuery } from '@tanstack/react-query';
import { TenantHealthDocument, TenantUsageDocument, type TenantFieldsFragment } from '@tradesage/client';
import { api, describeError } from '../../api.ts';
import { Alert, formatDate } from '../../components/ui.tsx';

/** A tenant's usage this month and the health of its schema, for platform administrators. */
export function TenantDetail({ tenant }: { tenant: TenantFieldsFragment }) {
  const usage = useQuery({
    queryKey: ['tenantUsage', tenant.id],
    queryFn: () => api.request(TenantUsageDocument, { period: 'MONTH', tenantId: tenant.id }),
  });
  const health = useQuery({
    queryKey: ['tenantHealth', tenant.id],
    queryFn: () => api.request(TenantHealthDocument, { id: tenant.id }),
  });
  const failure: unknown = usage.error ?? health.error;
  const u = usage.data?.tenantUsage;
  const h = health.data?.tenantHealth;
  return (
    <section aria-labelledby="tenant-detail" className="card space-y-4">
      <h2 id="tenant-detail" className="text-lg font-semibold">
        {tenant.name} <span className="font-mono text-sm text-slate-600">{tenant.slug}</span>
      </h2>
      {failure != null && <Alert>{describeError(failure)}</Alert>}
      {u && (
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
          <div>
            <dt className="text-slate-600">Users</dt>
            <dd className="font-semibold">
              {u.users.total - u.users.deleted} / {u.maxUsers ?? 'no limit'}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600">Active sessions</dt>
            <dd className="font-semibold">{u.activeSessions}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Sessions this month</dt>
            <dd className="font-semibold">{u.sessionsStarted}</dd>
          </div>
          <div>
            <dt className="text-slate-600">API calls this month</dt>
            <dd className="font-semibold">{u.apiCalls}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Storage</dt>
            <dd className="font-semibold">{(u.storageBytes / 2 ** 20).toFixed(1)} MiB</dd>
          </div>
        </dl>
      )}
      {h && (
        <div className="text-sm">
          <p>
            Schema {h.schemaPresent ? 'present' : 'missing'}; migrations{' '}
            {h.migrationsCurrent
              ? 'current'
              : `not current (${h.pendingMigrations.length} pending, ${h.unknownMigrations.length} unknown, ${h.changedMigrations.length} changed)`}
            ; last activity {formatDate(h.lastActivityAt)}.
          </p>
          <table className="mt-2 w-full max-w-lg text-left">
            <caption className="sr-only">Tables of the tenant's schema</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col">Table</th>
                <th scope="col">Rows</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {h.tables.map((table) => (
                <tr key={table.name}>
                  <td className="font-mono">{table.name}</td>
                  <td>
                    {table.estimated ? '~' : ''}
                    {table.rows}
                  </td>
                  <td>{(table.bytes / 1024).toFixed(0)} KiB</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
