import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  MyAuthorizedAppsDocument,
  RevokeAppAuthorizationDocument,
  type MyAuthorizedAppsQuery,
} from '@tradesage/client';
import { useState } from 'react';
import { api, describeError } from '../../api.ts';
import { Modal } from '../../components/Modal.tsx';
import { Alert, formatDate } from '../../components/ui.tsx';

type AuthorizedApp = MyAuthorizedAppsQuery['myAuthorizedApps'][number];

/**
 * "Connected apps": the applications the signed-in person signed in to or gave consent to, what
 * each may do on their behalf and their sign-ins to it. Removing access withdraws the consent and
 * ends those sign-ins: the application's tokens are refused from the next request on.
 */
export function ConnectedApps() {
  const queryClient = useQueryClient();
  const apps = useQuery({
    queryKey: ['myAuthorizedApps'],
    queryFn: ({ signal }) => api.request(MyAuthorizedAppsDocument, undefined, { signal }),
  });
  const [removing, setRemoving] = useState<AuthorizedApp>();
  const [removed, setRemoved] = useState<string>();

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Connected apps</h1>
      <p className="text-sm text-slate-700">
        Applications you signed in to with your account. Each may do what is listed, as you, and never more than you
        can. Remove access and it is signed out at once; it asks you again the next time you use it.
      </p>
      {apps.error && <Alert>{describeError(apps.error)}</Alert>}
      {removed && <Alert kind="success">{removed} no longer has access to your account.</Alert>}
      {apps.data && (
        <div className="card overflow-x-auto p-0">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Applications with access to your account</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Application
                </th>
                <th scope="col">May</th>
                <th scope="col">Active sign-ins</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {apps.data.myAuthorizedApps.map((app) => (
                <tr key={app.clientId} className="border-b border-slate-100 align-top">
                  <td className="px-4 py-2">
                    <span className="font-medium">{app.name}</span>
                    {app.firstParty && (
                      <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-900">
                        your organisation’s
                      </span>
                    )}
                  </td>
                  <td className="py-2 pr-3 font-mono text-xs">{app.scopes.join(' ')}</td>
                  <td className="py-2 pr-3">{app.activeSessions}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">{formatDate(app.lastSignInAt)}</td>
                  <td className="py-2 pr-4 text-right whitespace-nowrap">
                    <button
                      type="button"
                      className="btn-danger"
                      onClick={() => {
                        setRemoved(undefined);
                        setRemoving(app);
                      }}
                    >
                      Remove access<span className="sr-only"> of {app.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {apps.data.myAuthorizedApps.length === 0 && (
            <p className="px-4 py-6 text-sm text-slate-600">No application has access to your account.</p>
          )}
        </div>
      )}
      {removing && (
        <RemoveAccessDialog
          app={removing}
          onClose={() => setRemoving(undefined)}
          onRemoved={() => {
            setRemoving(undefined);
            setRemoved(removing.name);
            void queryClient.invalidateQueries({ queryKey: ['myAuthorizedApps'] });
            // Its sign-ins were sessions of the person's too.
            void queryClient.invalidateQueries({ queryKey: ['mySessions'] });
          }}
        />
      )}
    </div>
  );
}

function RemoveAccessDialog({ app, onClose, onRemoved }: { app: AuthorizedApp; onClose(): void; onRemoved(): void }) {
  const revoke = useMutation({
    mutationFn: () => api.request(RevokeAppAuthorizationDocument, { clientId: app.clientId }),
    onSuccess: onRemoved,
  });
  return (
    <Modal open onClose={onClose} title={`Remove ${app.name}’s access?`}>
      <div className="space-y-4">
        <p className="text-sm text-slate-700">
          {app.name} is signed out of your account at once ({app.activeSessions} active sign-in
          {app.activeSessions === 1 ? '' : 's'}) and can no longer act as you. Your consent is withdrawn: it asks again
          if you use it later.
        </p>
        {revoke.error && <Alert>{describeError(revoke.error)}</Alert>}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn-danger" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
            Remove access
          </button>
        </div>
      </div>
    </Modal>
  );
}
