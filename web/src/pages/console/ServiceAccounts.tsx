import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ApiKeysDocument,
  ApiKeyUsageDocument,
  CreateServiceAccountDocument,
  DeleteServiceAccountDocument,
  RevokeApiKeyDocument,
  RolesDocument,
  ServiceAccountsDocument,
  type ServiceAccountsQuery,
} from '@tradesage/client';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { api, describeError } from '../../api.ts';
import {
  KeySecret,
  KeyTable,
  keyScopes,
  NewKeyForm,
  useMaxLifetimeDays,
  type ApiKey,
  type NewSecret,
} from '../../components/ApiKeys.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useStepUp } from '../../components/StepUp.tsx';
import { Alert, Field, formatDate } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';

type ServiceAccount = ServiceAccountsQuery['serviceAccounts'][number];

/**
 * "Service accounts & keys" (`apikeys:manage`): the tenant's service accounts (non-person
 * principals holding roles, owning keys, never signing in) made, given keys and deleted; and
 * every key of the tenant, personal or not, with its use per day, revoked at once.
 */
export function ServiceAccounts() {
  const { session, can } = useSession();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const accounts = useQuery({ queryKey: ['serviceAccounts'], queryFn: () => api.request(ServiceAccountsDocument) });
  const keys = useQuery({ queryKey: ['apiKeys', 'tenant'], queryFn: () => api.request(ApiKeysDocument, {}) });
  const roles = useQuery({
    queryKey: ['roles'],
    queryFn: () => api.request(RolesDocument),
    enabled: can('roles:read'),
  });
  const maxLifetimeDays = useMaxLifetimeDays();
  const [editing, setEditing] = useState<'account' | ServiceAccount | null>(null);
  const [secret, setSecret] = useState<NewSecret>();
  const [usageOf, setUsageOf] = useState<ApiKey>();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['serviceAccounts'] }),
      queryClient.invalidateQueries({ queryKey: ['apiKeys'] }),
    ]);
  const remove = useMutation({
    mutationFn: (id: string) => withStepUp(() => api.request(DeleteServiceAccountDocument, { id })),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.request(RevokeApiKeyDocument, { id }),
    onSuccess: refresh,
  });
  if (session.status !== 'signed-in') return null;
  const mine = session.viewer.permissions;
  // Roles whose every permission the admin holds (the API refuses others: ROLE_NOT_ALLOWED);
  // without roles:read, the admin's own roles.
  const grantable = roles.data
    ? roles.data.roles.filter((r) => r.effectivePermissions.every((p) => mine.includes(p))).map((r) => r.name)
    : session.viewer.roles;
  // A service account's key holds permissions of its roles that the admin holds too.
  const scopesOf = (account: ServiceAccount) => {
    const granted = roles.data?.roles
      .filter((r) => account.roles.includes(r.name))
      .flatMap((r) => r.effectivePermissions);
    return keyScopes(granted ? mine.filter((p) => granted.includes(p)) : mine);
  };
  const accountOf = new Map(accounts.data?.serviceAccounts.map((a) => [a.id, a]));
  const failure: unknown = accounts.error ?? keys.error ?? remove.error ?? revoke.error;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Service accounts &amp; keys</h1>
        <button type="button" className="btn" onClick={() => setEditing('account')}>
          New service account
        </button>
      </div>
      {failure != null && <Alert>{describeError(failure)}</Alert>}
      {secret && <KeySecret created={secret} onDone={() => setSecret(undefined)} />}
      {editing === 'account' && (
        <AccountForm
          roles={grantable}
          onDone={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
      {editing && editing !== 'account' && maxLifetimeDays !== undefined && (
        <NewKeyForm
          key={editing.id}
          title={`New key for ${editing.name}`}
          ownerId={editing.id}
          scopes={scopesOf(editing)}
          maxLifetimeDays={maxLifetimeDays}
          onCreated={(created) => {
            setEditing(null);
            setSecret(created);
            void refresh();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <section aria-labelledby="service-accounts" className="space-y-3">
        <h2 id="service-accounts" className="text-lg font-semibold">
          Service accounts
        </h2>
        <p className="text-sm text-slate-700">
          For servers and integrations: they hold roles and keys, and never sign in.
        </p>
        <div className="card overflow-x-auto p-0">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Service accounts of your organisation</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Service account
                </th>
                <th scope="col">Roles</th>
                <th scope="col">Active keys</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.data?.serviceAccounts.map((a) => {
                const active = a.apiKeys.filter((k) => k.status === 'ACTIVE').length;
                return (
                  <tr key={a.id} className="border-b border-slate-100 align-top">
                    <td className="px-4 py-2">
                      <span className="font-medium">{a.name}</span>
                      {a.description && <p className="text-xs text-slate-600">{a.description}</p>}
                    </td>
                    <td className="py-2">{a.roles.join(', ')}</td>
                    <td className="py-2">{active}</td>
                    <td className="py-2 whitespace-nowrap">{formatDate(a.createdAt)}</td>
                    <td className="space-x-2 py-2 pr-4 text-right whitespace-nowrap">
                      <button type="button" className="btn-secondary" onClick={() => setEditing(a)}>
                        New key<span className="sr-only"> for {a.name}</span>
                      </button>
                      <button
                        type="button"
                        className="btn-danger"
                        disabled={remove.isPending}
                        onClick={() => {
                          if (window.confirm(`Delete ${a.name}? Its ${active} active keys are revoked at once.`))
                            remove.mutate(a.id);
                        }}
                      >
                        Delete<span className="sr-only"> {a.name}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {accounts.data?.serviceAccounts.length === 0 && (
            <p className="px-4 py-6 text-sm text-slate-600">No service account yet.</p>
          )}
        </div>
      </section>
      <section aria-labelledby="all-keys" className="space-y-3">
        <h2 id="all-keys" className="text-lg font-semibold">
          Every key of your organisation
        </h2>
        {revoke.isSuccess && <Alert kind="success">The key is revoked: it is refused from now on.</Alert>}
        {keys.data && (
          <KeyTable
            keys={keys.data.apiKeys}
            caption="Every API key of your organisation"
            owner={(key) => {
              const account = accountOf.get(key.ownerId);
              if (account) return `${account.name} (service account)`;
              if (key.ownerId === session.viewer.id) return 'You';
              return can('users:read') ? (
                <Link className="link" to={`/console/users/${key.ownerId}`}>
                  A person’s key
                </Link>
              ) : (
                'A person’s key'
              );
            }}
            actions={(key) => (
              <>
                <button type="button" className="btn-secondary" onClick={() => setUsageOf(key)}>
                  Usage<span className="sr-only"> of {key.name}</span>
                </button>
                {key.status === 'ACTIVE' && (
                  <button
                    type="button"
                    className="btn-danger"
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(`Revoke ${key.name} (${key.display})? It is refused from now on.`))
                        revoke.mutate(key.id);
                    }}
                  >
                    Revoke<span className="sr-only"> {key.name}</span>
                  </button>
                )}
              </>
            )}
          />
        )}
      </section>
      {usageOf && <UsageDialog apiKey={usageOf} onClose={() => setUsageOf(undefined)} />}
    </div>
  );
}

const accountSchema = z.object({
  name: z.string().trim().min(1, 'Give it a name.').max(100, 'At most 100 characters.'),
  description: z.string().trim().max(500, 'At most 500 characters.'),
  roles: z.array(z.string()).min(1, 'Choose at least one role.'),
});
type AccountValues = z.infer<typeof accountSchema>;

function AccountForm({ roles, onDone }: { roles: readonly string[]; onDone(): void }) {
  const withStepUp = useStepUp();
  const [failure, setFailure] = useState<unknown>();
  const form = useForm<AccountValues>({
    resolver: zodResolver(accountSchema),
    defaultValues: { name: '', description: '', roles: [] },
  });
  const { errors, isSubmitting, isSubmitted } = form.formState;
  const chosen = form.watch('roles');
  const submit = form.handleSubmit(async (input) => {
    setFailure(undefined);
    try {
      await withStepUp(() => api.request(CreateServiceAccountDocument, { input }));
      onDone();
    } catch (error) {
      setFailure(error);
    }
  });
  return (
    <form onSubmit={submit} noValidate className="card space-y-4" aria-label="New service account">
      <h2 className="text-lg font-semibold">New service account</h2>
      {failure !== undefined && <Alert>{describeError(failure)}</Alert>}
      <Field label="Name" maxLength={100} error={errors.name?.message} {...form.register('name')} />
      <Field
        label="Description (optional)"
        hint="What it is for, and who looks after it."
        maxLength={500}
        error={errors.description?.message}
        {...form.register('description')}
      />
      <fieldset>
        <legend className="label">Roles</legend>
        <p className="mb-2 text-xs text-slate-600">Only roles within your own permissions can be given.</p>
        <div className="flex flex-wrap gap-4">
          {roles.map((role) => (
            <label key={role} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={chosen.includes(role)}
                onChange={(e) =>
                  form.setValue('roles', e.target.checked ? [...chosen, role] : chosen.filter((r) => r !== role), {
                    shouldValidate: isSubmitted,
                  })
                }
              />
              {role}
            </label>
          ))}
        </div>
        {errors.roles && <p className="mt-1 text-sm text-red-700">{errors.roles.message}</p>}
      </fieldset>
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn" disabled={isSubmitting}>
          Create service account
        </button>
      </div>
    </form>
  );
}

const DAYS = 30;

/** A key's requests per UTC day over the last 30 days: bars, and the days that saw any. */
function UsageDialog({ apiKey, onClose }: { apiKey: ApiKey; onClose(): void }) {
  const usage = useQuery({
    queryKey: ['apiKeyUsage', apiKey.ownerId],
    queryFn: () => api.request(ApiKeyUsageDocument, { ownerId: apiKey.ownerId, days: DAYS }),
  });
  const used = usage.data?.apiKeys.find((k) => k.id === apiKey.id)?.usage ?? [];
  const byDay = new Map(used.map((d) => [d.day, d.requests]));
  const days = Array.from({ length: DAYS }, (_, i) =>
    new Date(Date.now() - (DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
  const peak = Math.max(1, ...byDay.values());
  const total = used.reduce((sum, d) => sum + d.requests, 0);
  return (
    <Modal open onClose={onClose} title={`Usage of ${apiKey.name}`}>
      <div className="space-y-4">
        {usage.error && <Alert>{describeError(usage.error)}</Alert>}
        {usage.isPending ? (
          <p role="status">Loading…</p>
        ) : (
          <>
            <p className="text-sm text-slate-700">
              {total} request{total === 1 ? '' : 's'} in the last {DAYS} days (UTC).
            </p>
            <div aria-hidden="true" className="flex h-24 items-end gap-px border-b border-slate-300">
              {days.map((day) => (
                <div
                  key={day}
                  title={`${day}: ${byDay.get(day) ?? 0}`}
                  className="flex-1 bg-indigo-600"
                  style={{ height: `${(100 * (byDay.get(day) ?? 0)) / peak}%` }}
                />
              ))}
            </div>
            {used.length > 0 && (
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Requests per day</caption>
                <thead className="border-b border-slate-200 text-slate-600">
                  <tr>
                    <th scope="col" className="py-1">
                      Day
                    </th>
                    <th scope="col" className="text-right">
                      Requests
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {used.map((d) => (
                    <tr key={d.day} className="border-b border-slate-100">
                      <td className="py-1">{d.day}</td>
                      <td className="text-right">{d.requests}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
        <div className="flex justify-end">
          <button type="button" className="btn-secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Modal>
  );
}
