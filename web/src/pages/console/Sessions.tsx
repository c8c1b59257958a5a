import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ConsoleSessionsDocument, RevokeTenantSessionDocument, type DeviceType } from '@tradesage/client';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, describeError } from '../../api.ts';
import { Pager, useCursorPages } from '../../components/paging.tsx';
import { Alert, FilterSelect, formatDate } from '../../components/ui.tsx';
import { methodsLabel } from '../../mfa.ts';
import { useSession } from '../../session.tsx';

const PAGE = 25;
const DEVICE_TYPES: readonly DeviceType[] = ['DESKTOP', 'MOBILE', 'TABLET', 'OTHER'];

/** The tenant's open sessions, newest first: whose, from what, since when; each can be ended. */
export function Sessions() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [deviceType, setDeviceType] = useState<DeviceType | ''>('');
  const pages = useCursorPages();
  const variables = {
    filter: deviceType ? { deviceType } : {},
    first: PAGE,
    after: pages.after,
    withPii: can('users:pii:read'),
  };
  const sessions = useQuery({
    queryKey: ['tenantSessions', variables],
    queryFn: ({ signal }) => api.request(ConsoleSessionsDocument, variables, { signal }),
    placeholderData: keepPreviousData,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.request(RevokeTenantSessionDocument, { id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tenantSessions'] }),
  });
  const page = sessions.data?.tenantSessions;
  const stats = sessions.data?.sessionStats;
  const failure: unknown = sessions.error ?? revoke.error;

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Sessions</h1>
      {stats && (
        <p className="text-sm text-slate-700" aria-label="Active sessions">
          {stats.activeSessions} active:{' '}
          {stats.activeByDeviceType
            .filter((d) => d.count > 0)
            .map((d) => `${d.count} ${d.deviceType.toLowerCase()}`)
            .join(', ') || 'none'}
        </p>
      )}
      <div className="max-w-xs">
        <FilterSelect
          label="Device"
          value={deviceType}
          values={DEVICE_TYPES}
          onChange={(value) => {
            setDeviceType(value);
            pages.reset();
          }}
        />
      </div>
      {failure != null && <Alert>{describeError(failure)}</Alert>}
      {revoke.isSuccess && <Alert kind="success">The session is ended; its tokens are refused from now on.</Alert>}
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Open sessions, newest first</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2">
                User
              </th>
              <th scope="col">Device</th>
              <th scope="col">Address</th>
              <th scope="col">Started</th>
              <th scope="col">Last active</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page?.edges.map(({ node: s }) => {
              const user = s.user;
              const name =
                user.displayName ??
                ([user.firstName, user.lastName].filter(Boolean).join(' ') || user.email || user.id);
              const device = [s.browser, s.os].filter(Boolean).join(' on ');
              return (
                <tr key={s.id} className="border-b border-slate-100 align-top">
                  <td className="px-4 py-2">
                    {can('users:read') ? (
                      <Link className="link" to={`/console/users/${user.id}`}>
                        {name}
                      </Link>
                    ) : (
                      name
                    )}
                    {s.current && <span className="ml-2 text-xs text-slate-600">(this session)</span>}
                  </td>
                  <td className="py-2">
                    {s.application && (
                      <span className="block font-medium">
                        Sign-in to {s.application.name ?? 'a removed application'}
                      </span>
                    )}
                    {s.deviceType.toLowerCase()}
                    {device && ` · ${device}`}
                    <span className="block text-xs text-slate-600">
                      {methodsLabel(s.authenticationMethods)}, confirmed {formatDate(s.authenticatedAt)}
                    </span>
                  </td>
                  <td className="py-2">{s.ip ?? '—'}</td>
                  <td className="py-2 whitespace-nowrap">{formatDate(s.createdAt)}</td>
                  <td className="py-2 whitespace-nowrap">{formatDate(s.lastActiveAt)}</td>
                  <td className="py-2 whitespace-nowrap">{formatDate(s.expiresAt)}</td>
                  <td className="py-2 pr-4 text-right">
                    {can('sessions:revoke:any') && (
                      <button
                        type="button"
                        className="btn-danger"
                        disabled={revoke.isPending}
                        aria-label={`End the session of ${name} started ${formatDate(s.createdAt)}`}
                        onClick={() => {
                          if (window.confirm(`End this session of ${name}? They will have to sign in again.`))
                            revoke.mutate(s.id);
                        }}
                      >
                        End
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {page && page.edges.length === 0 && <p className="px-4 py-6 text-sm text-slate-600">No open session.</p>}
      </div>
      <Pager pages={pages} pageInfo={page?.pageInfo} labels={['Newer', 'Older']} />
    </div>
  );
}
