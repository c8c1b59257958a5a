import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  BackupTenantDocument,
  TenantBackupsDocument,
  TenantHealthDocument,
  TenantUsageDocument,
  type TenantFieldsFragment,
} from '@tradesage/client';
import { api, describeError } from '../../api.ts';
import { Alert, formatDate } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';

/** A tenant's usage this month, the health of its schema and its backups, for platform administrators. */
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
      <Backups tenant={tenant} />
    </section>
  );
}

/**
 * The tenant's backup files (made on demand, or by the retention job before a purge) and a button
 * to make one now. Restoring is the operator's command on the server, `npm run tenant:restore`.
 */
function Backups({ tenant }: { tenant: TenantFieldsFragment }) {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const backups = useQuery({
    queryKey: ['tenantBackups', tenant.id],
    queryFn: ({ signal }) => api.request(TenantBackupsDocument, { tenantId: tenant.id }, { signal }),
  });
  const backup = useMutation({
    mutationFn: () => api.request(BackupTenantDocument, { tenantId: tenant.id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tenantBackups', tenant.id] }),
  });
  const failure: unknown = backups.error ?? backup.error;
  const list = backups.data?.tenantBackups;
  return (
    <section aria-labelledby="tenant-backups" className="space-y-2 text-sm">
      <div className="flex items-center justify-between">
        <h3 id="tenant-backups" className="font-semibold">
          Backups
        </h3>
        {can('tenants:write') && tenant.status !== 'PURGED' && (
          <button type="button" className="btn-secondary" disabled={backup.isPending} onClick={() => backup.mutate()}>
            {backup.isPending ? 'Backing up…' : 'Back up now'}
          </button>
        )}
      </div>
      {failure != null && <Alert>{describeError(failure)}</Alert>}
      {backup.isSuccess && <Alert kind="success">Backed up to {backup.data.backupTenant.fileName}.</Alert>}
      {list && list.length === 0 && <p className="text-slate-600">No backup yet.</p>}
      {list && list.length > 0 && (
        <table className="w-full text-left">
          <caption className="sr-only">Backup files of {tenant.slug}, newest first</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">File</th>
              <th scope="col">Kind</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={`${b.kind}/${b.fileName}`}>
                <td className="whitespace-nowrap">{formatDate(b.createdAt)}</td>
                <td className="font-mono text-xs">{b.fileName}</td>
                <td>{b.kind === 'MANUAL' ? 'on demand' : 'before purge'}</td>
                <td>{(b.sizeBytes / 1024).toFixed(0)} KiB</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="text-slate-600">
        Restore a file on the server: <code>npm run tenant:restore -- &lt;file&gt;</code> (into the tenant itself), or
        add <code>--into &lt;new-slug&gt;</code> for a copy.
      </p>
    </section>
  );
}
