import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AssignRolesDocument,
  ConsoleSessionsDocument,
  ConsoleUserDocument,
  ResetUserMfaDocument,
  RevokeUserSessionsDocument,
  RolesDocument,
  UserActivityDocument,
} from '@tradesage/client';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, describeError } from '../../api.ts';
import { useStepUp } from '../../components/StepUp.tsx';
import { Alert, formatDate } from '../../components/ui.tsx';
import { methodsLabel } from '../../mfa.ts';
import { useSession } from '../../session.tsx';

/** How many of a user's open sessions the page lists (newest first). */
const SESSIONS_SHOWN = 100;

/** One user: profile, roles (assignable within the admin's own permissions), sessions and activity. */
export function UserDetail() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const user = useQuery({
    queryKey: ['user', id],
    queryFn: ({ signal }) => api.request(ConsoleUserDocument, { id, withPii: can('users:pii:read') }, { signal }),
  });
  // The user's open sessions; devices and addresses only for holders of users:pii:read.
  const sessions = useQuery({
    queryKey: ['userSessions', id],
    queryFn: ({ signal }) =>
      api.request(
        ConsoleSessionsDocument,
        { filter: { userId: id }, first: SESSIONS_SHOWN, withPii: can('users:pii:read') },
        { signal },
      ),
    enabled: can('sessions:read:any'),
  });
  const userSessions = sessions.data?.tenantSessions.edges.map((edge) => edge.node);
  const activity = useQuery({
    queryKey: ['userActivity', id],
    queryFn: ({ signal }) => api.request(UserActivityDocument, { userId: id, first: 20 }, { signal }),
    enabled: can('users:read'),
  });
  const revoke = useMutation({
    mutationFn: () => api.request(RevokeUserSessionsDocument, { userId: id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['userSessions', id] }),
  });
  const profile = user.data?.user;
  const name = profile
    ? (profile.displayName ??
      ([profile.firstName, profile.lastName].filter(Boolean).join(' ') || profile.email || profile.id))
    : '';
  return (
    <div className="space-y-6">
      <p>
        <Link to="/console/users" className="link">
          ← Users
        </Link>
      </p>
      {user.error && <Alert>{describeError(user.error)}</Alert>}
      {profile && (
        <>
          <h1 className="text-2xl font-semibold">{name}</h1>
          <section aria-labelledby="user-profile" className="card">
            <h2 id="user-profile" className="mb-3 text-lg font-semibold">
              Profile
            </h2>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
              {profile.email && (
                <>
                  <dt className="text-slate-600">Email</dt>
                  <dd>
                    {profile.email} {profile.emailVerified ? '(verified)' : '(not verified)'}
                  </dd>
                </>
              )}
              <dt className="text-slate-600">Status</dt>
              <dd>{profile.status.toLowerCase()}</dd>
              <dt className="text-slate-600">Last sign-in</dt>
              <dd>{formatDate(profile.lastLoginAt)}</dd>
            </dl>
          </section>
          <Roles userId={id} current={profile.roles ?? []} editable={can('roles:write')} />
          {can('users:write') && <ResetMfa userId={id} name={name} />}
        </>
      )}
      {can('sessions:read:any') && (
        <section aria-labelledby="user-sessions" className="card">
          <div className="mb-3 flex items-center justify-between">
            <h2 id="user-sessions" className="text-lg font-semibold">
              Sessions
            </h2>
            {can('sessions:revoke:any') && (
              <button type="button" className="btn-danger" onClick={() => revoke.mutate()}>
                Sign out everywhere
              </button>
            )}
          </div>
          {(sessions.error ?? revoke.error) && <Alert>{describeError(sessions.error ?? revoke.error)}</Alert>}
          {revoke.isSuccess && <Alert kind="success">Ended {revoke.data.revokeUserSessions} sessions.</Alert>}
          <ul className="divide-y divide-slate-100 text-sm">
            {userSessions?.map((s) => (
              <li key={s.id} className="py-2">
                {[s.browser, s.os].filter(Boolean).join(' on ') || s.deviceType.toLowerCase()} ·{' '}
                {s.ip ?? 'address hidden'} · {signedInWith(s)}since {formatDate(s.createdAt)} · last active{' '}
                {formatDate(s.lastActiveAt)}
              </li>
            ))}
            {userSessions?.length === 0 && <li className="py-2 text-slate-600">No active session.</li>}
            {sessions.data?.tenantSessions.pageInfo.hasNextPage && (
              <li className="py-2 text-slate-600">
                The newest {SESSIONS_SHOWN} are shown; all of them end with “Sign out everywhere”.
              </li>
            )}
          </ul>
        </section>
      )}
      <section aria-labelledby="user-activity" className="card">
        <h2 id="user-activity" className="mb-3 text-lg font-semibold">
          Activity
        </h2>
        {activity.error && <Alert>{describeError(activity.error)}</Alert>}
        <ul className="divide-y divide-slate-100 text-sm">
          {activity.data?.userActivity.edges.map(({ node }) => (
            <li key={node.id} className="py-2">
              {formatDate(node.at)} · {node.kind.toLowerCase().replaceAll('_', ' ')}
              {node.count > 1 ? ` (${node.count} times)` : ''}
            </li>
          ))}
          {activity.data?.userActivity.edges.length === 0 && <li className="py-2 text-slate-600">Nothing yet.</li>}
        </ul>
      </section>
    </div>
  );
}

/** "signed in with …" for a session whose methods the list has (`authenticationMethods`), else nothing. */
function signedInWith(session: { readonly id: string; readonly authenticationMethods?: readonly string[] }): string {
  return session.authenticationMethods ? `${methodsLabel(session.authenticationMethods)} · ` : '';
}

/**
 * An administrator's reset of the user's second factors (a lost phone): every factor, recovery
 * code and trusted device goes, and their sessions end; they set up a new one at their next sign-in.
 */
function ResetMfa({ userId, name }: { userId: string; name: string }) {
  const withStepUp = useStepUp();
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: () => withStepUp(() => api.request(ResetUserMfaDocument, { userId })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['userSessions', userId] }),
  });
  return (
    <section aria-labelledby="user-mfa" className="card space-y-3">
      <h2 id="user-mfa" className="text-lg font-semibold">
        Second factor
      </h2>
      <p className="text-sm text-slate-700">
        Lost their phone or passkey, and their recovery codes? Resetting removes every second factor, recovery code and
        remembered device of {name}, and signs them out everywhere; they set up a new one at their next sign-in.
      </p>
      {reset.error && <Alert>{describeError(reset.error)}</Alert>}
      {reset.isSuccess && (
        <Alert kind="success">Their second factors are removed and their sessions ended. They have been emailed.</Alert>
      )}
      <button
        type="button"
        className="btn-danger"
        disabled={reset.isPending}
        onClick={() => {
          if (window.confirm(`Reset the second factors of ${name}? They will be signed out everywhere.`))
            reset.mutate();
        }}
      >
        Reset MFA
      </button>
    </section>
  );
}

function Roles({ userId, current, editable }: { userId: string; current: readonly string[]; editable: boolean }) {
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => api.request(RolesDocument) });
  const [chosen, setChosen] = useState<string[]>([...current]);
  const save = useMutation({
    mutationFn: () => withStepUp(() => api.request(AssignRolesDocument, { userId, roles: chosen })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['user', userId] }),
  });
  return (
    <section aria-labelledby="user-roles" className="card">
      <h2 id="user-roles" className="mb-3 text-lg font-semibold">
        Roles
      </h2>
      {save.error && <Alert>{describeError(save.error)}</Alert>}
      {save.isSuccess && <Alert kind="success">Roles saved. They apply from the user’s next request.</Alert>}
      <fieldset disabled={!editable} className="mt-2 flex flex-wrap gap-4">
        <legend className="sr-only">Roles of this user</legend>
        {roles.data?.roles
          .filter((role) => role.name !== 'platform_admin')
          .map((role) => (
            <label key={role.name} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={chosen.includes(role.name)}
                onChange={(e) =>
                  setChosen((list) => (e.target.checked ? [...list, role.name] : list.filter((r) => r !== role.name)))
                }
              />
              {role.name}
              {!role.builtin && <span className="text-xs text-slate-600">(custom)</span>}
            </label>
          ))}
      </fieldset>
      {editable && (
        <button
          type="button"
          className="btn mt-4"
          disabled={save.isPending || chosen.length === 0}
          onClick={() => save.mutate()}
        >
          Save roles
        </button>
      )}
    </section>
  );
}
