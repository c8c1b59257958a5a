import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ConsolePermissionsDocument,
  CreateRoleDocument,
  DeleteRoleDocument,
  RolesDocument,
  UpdateRoleDocument,
  isErrorCode,
} from '@tradesage/client';
import { useState, type FormEvent } from 'react';
import { api, describeError } from '../../api.ts';
import { useStepUp } from '../../components/StepUp.tsx';
import { Alert, Field, SelectField } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';

/** Why a role was refused, with the permissions the caller lacks named. */
function roleRefusal(error: unknown): string {
  if (isErrorCode(error, 'ROLE_NOT_ALLOWED') && error.details.missing?.length)
    return `A role can never hold more than you do: you lack ${error.details.missing.join(', ')}.`;
  return describeError(error);
}

/** Built-in and custom roles, the permission catalogue, and custom roles made and changed within one's own permissions. */
export function Roles() {
  const { can, session } = useSession();
  const queryClient = useQueryClient();
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => api.request(RolesDocument) });
  const catalogue = useQuery({ queryKey: ['permissions'], queryFn: () => api.request(ConsolePermissionsDocument) });
  const withStepUp = useStepUp();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (name: string) => withStepUp(() => api.request(DeleteRoleDocument, { name })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['roles'] }),
  });
  const mine = session.status === 'signed-in' ? session.viewer.permissions : [];
  const writable = can('roles:write');
  const role = roles.data?.roles.find((r) => r.name === editing);
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Roles</h1>
        {writable && (
          <button type="button" className="btn" onClick={() => setEditing('new')}>
            New role
          </button>
        )}
      </div>
      {(roles.error ?? remove.error) && <Alert>{roleRefusal(roles.error ?? remove.error)}</Alert>}
      {editing && catalogue.data && (
        <RoleForm
          key={editing}
          role={editing === 'new' ? undefined : role}
          parents={roles.data?.roles.map((r) => r.name).filter((r) => r !== 'platform_admin') ?? []}
          catalogue={catalogue.data.permissionCatalogue.filter((p) => p.scope !== 'PLATFORM')}
          mine={mine}
          onDone={() => {
            setEditing(null);
            void queryClient.invalidateQueries({ queryKey: ['roles'] });
          }}
        />
      )}
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Roles of your organisation</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2">
                Role
              </th>
              <th scope="col">Inherits</th>
              <th scope="col">Permissions</th>
              <th scope="col">Users</th>
              {writable && (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {roles.data?.roles.map((r) => (
              <tr key={r.name} className="border-b border-slate-100 align-top">
                <td className="px-4 py-2">
                  <span className="font-medium">{r.name}</span>{' '}
                  {r.builtin ? <span className="text-xs text-slate-600">built-in</span> : null}
                  {r.description && <p className="text-xs text-slate-600">{r.description}</p>}
                </td>
                <td className="py-2">{r.parent ?? '—'}</td>
                <td className="py-2">{r.effectivePermissions.join(', ')}</td>
                <td className="py-2">{r.userCount}</td>
                {writable && (
                  <td className="space-x-2 py-2 pr-4 text-right whitespace-nowrap">
                    {!r.builtin && (
                      <>
                        <button type="button" className="btn-secondary" onClick={() => setEditing(r.name)}>
                          Edit<span className="sr-only"> {r.name}</span>
                        </button>
                        <button
                          type="button"
                          className="btn-danger"
                          onClick={() => window.confirm(`Delete the role ${r.name}?`) && remove.mutate(r.name)}
                        >
                          Delete<span className="sr-only"> {r.name}</span>
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {catalogue.data && (
        <section aria-labelledby="catalogue" className="card">
          <h2 id="catalogue" className="mb-3 text-lg font-semibold">
            Permission catalogue
          </h2>
          <dl className="space-y-2 text-sm">
            {catalogue.data.permissionCatalogue.map((p) => (
              <div key={p.name}>
                <dt className="font-mono font-medium">{p.name}</dt>
                <dd className="text-slate-700">{p.description}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}

interface RoleFormProps {
  role:
    { name: string; parent?: string | null; description?: string | null; permissions: readonly string[] } | undefined;
  parents: string[];
  catalogue: ReadonlyArray<{ name: string; description: string }>;
  mine: readonly string[];
  onDone(): void;
}

function RoleForm({ role, parents, catalogue, mine, onDone }: RoleFormProps) {
  const [name, setName] = useState(role?.name ?? '');
  const [parent, setParent] = useState(role?.parent ?? 'viewer');
  const [description, setDescription] = useState(role?.description ?? '');
  const [permissions, setPermissions] = useState<string[]>([...(role?.permissions ?? [])]);
  const [failure, setFailure] = useState<unknown>();
  const withStepUp = useStepUp();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    try {
      await withStepUp(async () => {
        if (role)
          await api.request(UpdateRoleDocument, { name: role.name, input: { parent, description, permissions } });
        else await api.request(CreateRoleDocument, { input: { name: name.trim(), parent, description, permissions } });
      });
      onDone();
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <form onSubmit={submit} className="card space-y-4" aria-label={role ? `Edit role ${role.name}` : 'New role'}>
      <h2 className="text-lg font-semibold">{role ? `Edit ${role.name}` : 'New role'}</h2>
      {failure !== undefined && <Alert>{roleRefusal(failure)}</Alert>}
      {!role && (
        <Field
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          hint="Lowercase letters, digits, _ or -"
        />
      )}
      <SelectField label="Inherits from" value={parent} onChange={(e) => setParent(e.target.value)}>
        {parents
          .filter((p) => p !== role?.name)
          .map((p) => (
            <option key={p}>{p}</option>
          ))}
      </SelectField>
      <Field label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <fieldset>
        <legend className="label">Permissions it adds</legend>
        <p className="mb-2 text-xs text-slate-600">Only permissions you hold yourself can be given.</p>
        <div className="grid gap-2 sm:grid-cols-2">
          {catalogue.map((p) => (
            <label key={p.name} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-1"
                disabled={!mine.includes(p.name)}
                checked={permissions.includes(p.name)}
                onChange={(e) =>
                  setPermissions((list) => (e.target.checked ? [...list, p.name] : list.filter((x) => x !== p.name)))
                }
              />
              <span>
                <span className="font-mono">{p.name}</span>
                <span className="block text-xs text-slate-600">{p.description}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn">
          {role ? 'Save role' : 'Create role'}
        </button>
      </div>
    </form>
  );
}
