import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ConsoleUsersDocument,
  DeactivateUserDocument,
  DeleteUserDocument,
  InviteUserDocument,
  ReactivateUserDocument,
  RolesDocument,
  UnlockUserDocument,
  type UserStatus,
} from '@tradesage/client';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, describeError } from '../../api.ts';
import { Pager, useCursorPages } from '../../components/paging.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useStepUp } from '../../components/StepUp.tsx';
import { Alert, Field, FilterSelect, formatDate, SelectField } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';

const PAGE = 25;
const STATUSES: readonly UserStatus[] = ['ACTIVE', 'INVITED', 'DISABLED', 'DELETED'];

/** The tenant's users: search, filter, page, invite, and each user's lifecycle actions. */
export function Users() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<UserStatus | ''>('');
  const [role, setRole] = useState('');
  const pages = useCursorPages();
  const [inviting, setInviting] = useState(false);
  const [notice, setNotice] = useState<string>();
  const variables = {
    search: search.trim() || null,
    filter: { ...(status ? { status } : {}), ...(role ? { role } : {}) },
    first: PAGE,
    after: pages.after,
    withEmail: can('users:pii:read'),
  };
  const users = useQuery({
    queryKey: ['users', variables],
    queryFn: ({ signal }) => api.request(ConsoleUsersDocument, variables, { signal }),
    placeholderData: keepPreviousData,
  });
  const roles = useQuery({
    queryKey: ['roles'],
    queryFn: () => api.request(RolesDocument),
    enabled: can('roles:read'),
  });
  const withStepUp = useStepUp();
  const changed = (message: string) => {
    setNotice(message);
    return queryClient.invalidateQueries({ queryKey: ['users'] });
  };
  const action = useMutation({
    mutationFn: async ({ kind, id }: { kind: 'deactivate' | 'reactivate' | 'unlock' | 'delete'; id: string }) => {
      if (kind === 'deactivate') await api.request(DeactivateUserDocument, { id });
      if (kind === 'reactivate') await api.request(ReactivateUserDocument, { id });
      if (kind === 'unlock') await api.request(UnlockUserDocument, { userId: id });
      if (kind === 'delete') await withStepUp(() => api.request(DeleteUserDocument, { id }));
      return kind;
    },
    onSuccess: (kind) => changed(`Done: ${kind}.`),
  });
  const resetPaging = pages.reset;
  const page = users.data?.users;
  const canWrite = can('users:write');

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold">Users</h1>
        {canWrite && (
          <button type="button" className="btn" onClick={() => setInviting(true)}>
            Invite a user
          </button>
        )}
      </div>
      <form role="search" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <div className="min-w-60 grow">
          <Field
            label="Search by name or email"
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              resetPaging();
            }}
          />
        </div>
        <FilterSelect
          label="Status"
          value={status}
          values={STATUSES}
          anyLabel="All but deleted"
          onChange={(value) => {
            setStatus(value);
            resetPaging();
          }}
        />
        {roles.data && (
          <FilterSelect
            label="Role"
            value={role}
            values={roles.data.roles.map((r) => r.name)}
            anyLabel="Any role"
            labelOf={(name) => name}
            onChange={(value) => {
              setRole(value);
              resetPaging();
            }}
          />
        )}
      </form>
      {notice && <Alert kind="success">{notice}</Alert>}
      {(users.error ?? action.error) && <Alert>{describeError(users.error ?? action.error)}</Alert>}
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Users of your organisation</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2">
                Name
              </th>
              {variables.withEmail && <th scope="col">Email</th>}
              <th scope="col">Status</th>
              <th scope="col">Roles</th>
              <th scope="col">Last sign-in</th>
              {canWrite && (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {page?.edges.map(({ node: user }) => {
              const name =
                user.displayName ??
                ([user.firstName, user.lastName].filter(Boolean).join(' ') || user.email || 'Unnamed user');
              return (
                <tr key={user.id} className="border-b border-slate-100">
                  <td className="px-4 py-2 font-medium">
                    <Link to={`/console/users/${user.id}`} className="link">
                      {name}
                    </Link>
                  </td>
                  {variables.withEmail && <td>{user.email}</td>}
                  <td>{user.status.toLowerCase()}</td>
                  <td>{user.roles?.join(', ')}</td>
                  <td>{formatDate(user.lastLoginAt)}</td>
                  {canWrite && (
                    <td className="space-x-2 py-2 pr-4 text-right whitespace-nowrap">
                      {user.status === 'ACTIVE' && (
                        <button
                          type="button"
                          className="btn-secondary"
                          onClick={() => action.mutate({ kind: 'deactivate', id: user.id })}
                        >
                          Deactivate<span className="sr-only"> {name}</span>
                        </button>
                      )}
                      {user.status === 'DISABLED' && (
                        <button
                          type="button"
                          className="btn-secondary"
                          onClick={() => action.mutate({ kind: 'reactivate', id: user.id })}
                        >
                          Reactivate<span className="sr-only"> {name}</span>
                        </button>
                      )}
                      {user.status !== 'DELETED' && (
                        <>
                          <button
                            type="button"
                            className="btn-secondary"
                            onClick={() => action.mutate({ kind: 'unlock', id: user.id })}
                          >
                            Unlock<span className="sr-only"> {name}</span>
                          </button>
                          <button
                            type="button"
                            className="btn-danger"
                            onClick={() => {
                              if (
                                window.confirm(`Delete ${name}? Their personal data is erased; this cannot be undone.`)
                              )
                                action.mutate({ kind: 'delete', id: user.id });
                            }}
                          >
                            Delete<span className="sr-only"> {name}</span>
                          </button>
                        </>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {page && page.edges.length === 0 && <p className="px-4 py-6 text-sm text-slate-600">No user matches.</p>}
      </div>
      <Pager pages={pages} pageInfo={page?.pageInfo} />
      <InviteDialog
        open={inviting}
        roles={roles.data?.roles.map((r) => r.name).filter((r) => r !== 'platform_admin') ?? ['viewer']}
        onClose={() => setInviting(false)}
        onInvited={(email) => {
          setInviting(false);
          void changed(`Invitation sent to ${email}.`);
        }}
      />
    </div>
  );
}

function InviteDialog(props: { open: boolean; roles: string[]; onClose(): void; onInvited(email: string): void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('viewer');
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await api.request(InviteUserDocument, { input: { email: email.trim(), role } });
      props.onInvited(email.trim());
      setEmail('');
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={props.open} onClose={props.onClose} title="Invite a user">
      <form onSubmit={submit} className="space-y-4" noValidate>
        {failure !== undefined && <Alert>{describeError(failure)}</Alert>}
        <Field label="Email address" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value)}>
          {props.roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn" disabled={busy}>
            Send invitation
          </button>
        </div>
      </form>
    </Modal>
  );
}
