import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ConsoleUsersDocument,
  CreateFeatureFlagDocument,
  DeleteFeatureFlagDocument,
  FeatureFlagDefinitionsDocument,
  UpdateFeatureFlagDocument,
  type FeatureFlagDefinitionFieldsFragment,
  type FeatureFlagKind,
} from '@tradesage/client';
import { useEffect, useState, type FormEvent } from 'react';
import { api, describeError } from '../../api.ts';
import { Alert, Field, SelectField } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';

const KINDS: ReadonlyArray<{ kind: FeatureFlagKind; label: string }> = [
  { kind: 'BOOLEAN', label: 'On for everyone' },
  { kind: 'PERCENTAGE', label: 'On for a share of users' },
  { kind: 'ALLOW_LIST', label: 'On for listed users' },
  { kind: 'TIME_WINDOW', label: 'On between two times' },
];

/**
 * Whether a flag is on for a user, as the API decides it: a disabled flag is off; a percentage flag
 * is on when the first 32 bits of sha256(key ":" user id), modulo 100, are under the percentage.
 */
export async function flagOnFor(
  flag: FeatureFlagDefinitionFieldsFragment,
  userId: string,
  now = Date.now(),
): Promise<boolean> {
  if (!flag.enabled) return false;
  switch (flag.kind) {
    case 'BOOLEAN':
      return true;
    case 'ALLOW_LIST':
      return flag.allowedUserIds.includes(userId);
    case 'TIME_WINDOW':
      return (!flag.startsAt || Date.parse(flag.startsAt) <= now) && (!flag.endsAt || now < Date.parse(flag.endsAt));
    case 'PERCENTAGE': {
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${flag.key}:${userId}`));
      return new DataView(digest).getUint32(0) % 100 < (flag.percentage ?? 0);
    }
  }
}

/** Feature flags of every kind, and who gets each among the first users of the tenant. */
export function Flags() {
  const queryClient = useQueryClient();
  const { can } = useSession();
  const flags = useQuery({ queryKey: ['flags'], queryFn: () => api.request(FeatureFlagDefinitionsDocument) });
  const [editing, setEditing] = useState<FeatureFlagDefinitionFieldsFragment | 'new' | null>(null);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (key: string) => api.request(DeleteFeatureFlagDocument, { key }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['flags'] }),
  });
  const failure: unknown = flags.error ?? remove.error;
  const preview = flags.data?.featureFlagDefinitions.find((f) => f.key === previewing);
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Feature flags</h1>
        <button type="button" className="btn" onClick={() => setEditing('new')}>
          New flag
        </button>
      </div>
      {failure != null && <Alert>{describeError(failure)}</Alert>}
      {editing && (
        <FlagForm
          key={editing === 'new' ? 'new' : editing.key}
          flag={editing === 'new' ? undefined : editing}
          onDone={() => {
            setEditing(null);
            void queryClient.invalidateQueries({ queryKey: ['flags'] });
          }}
        />
      )}
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Feature flags</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2">
                Flag
              </th>
              <th scope="col">Kind</th>
              <th scope="col">Enabled</th>
              <th scope="col">Rule</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flags.data?.featureFlagDefinitions.map((f) => (
              <tr key={f.key} className="border-b border-slate-100 align-top">
                <td className="px-4 py-2">
                  <span className="font-mono">{f.key}</span>
                  {f.description && <p className="text-xs text-slate-600">{f.description}</p>}
                </td>
                <td className="py-2">{KINDS.find((k) => k.kind === f.kind)?.label}</td>
                <td className="py-2">{f.enabled ? 'yes' : 'no (off for everyone)'}</td>
                <td className="py-2">
                  {f.kind === 'PERCENTAGE' && `${f.percentage ?? 0}% of users`}
                  {f.kind === 'ALLOW_LIST' && `${f.allowedUserIds.length} users`}
                  {f.kind === 'TIME_WINDOW' && `${f.startsAt ?? 'any time'} → ${f.endsAt ?? 'no end'}`}
                </td>
                <td className="space-x-2 py-2 pr-4 text-right whitespace-nowrap">
                  <button type="button" className="btn-secondary" onClick={() => setPreviewing(f.key)}>
                    Who gets it<span className="sr-only"> ({f.key})</span>
                  </button>
                  <button type="button" className="btn-secondary" onClick={() => setEditing(f)}>
                    Edit<span className="sr-only"> {f.key}</span>
                  </button>
                  <button
                    type="button"
                    className="btn-danger"
                    onClick={() => window.confirm(`Delete the flag ${f.key}?`) && remove.mutate(f.key)}
                  >
                    Delete<span className="sr-only"> {f.key}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {flags.data?.featureFlagDefinitions.length === 0 && (
          <p className="px-4 py-6 text-sm text-slate-600">No flag yet.</p>
        )}
      </div>
      {preview && <Preview flag={preview} withEmail={can('users:pii:read')} />}
    </div>
  );
}

/** Who gets a flag among the tenant's first 50 users, computed as the API computes it. */
function Preview({ flag, withEmail }: { flag: FeatureFlagDefinitionFieldsFragment; withEmail: boolean }) {
  const users = useQuery({
    queryKey: ['users', 'preview'],
    queryFn: () => api.request(ConsoleUsersDocument, { first: 50, withEmail, filter: { status: 'ACTIVE' } }),
  });
  const [on, setOn] = useState<Record<string, boolean>>({});
  useEffect(() => {
    const list = users.data?.users.edges.map((e) => e.node) ?? [];
    void Promise.all(list.map(async (u) => [u.id, await flagOnFor(flag, u.id)] as const)).then((pairs) =>
      setOn(Object.fromEntries(pairs)),
    );
  }, [users.data, flag]);
  const list = users.data?.users.edges.map((e) => e.node) ?? [];
  const count = list.filter((u) => on[u.id]).length;
  return (
    <section aria-labelledby="flag-preview" className="card">
      <h2 id="flag-preview" className="mb-2 text-lg font-semibold">
        Who gets <span className="font-mono">{flag.key}</span>
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        On for {count} of the first {list.length} active users.
      </p>
      <ul className="grid gap-1 text-sm sm:grid-cols-2">
        {list.map((u) => (
          <li key={u.id}>
            <span aria-hidden="true">{on[u.id] ? '●' : '○'}</span> {u.displayName ?? u.email ?? u.id}{' '}
            <span className="text-slate-600">{on[u.id] ? 'on' : 'off'}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FlagForm({ flag, onDone }: { flag: FeatureFlagDefinitionFieldsFragment | undefined; onDone(): void }) {
  const [key, setKey] = useState(flag?.key ?? '');
  const [description, setDescription] = useState(flag?.description ?? '');
  const [kind, setKind] = useState<FeatureFlagKind>(flag?.kind ?? 'BOOLEAN');
  const [enabled, setEnabled] = useState(flag?.enabled ?? true);
  const [percentage, setPercentage] = useState(String(flag?.percentage ?? 10));
  const [allowed, setAllowed] = useState(flag?.allowedUserIds.join(', ') ?? '');
  const [startsAt, setStartsAt] = useState(flag?.startsAt?.slice(0, 16) ?? '');
  const [endsAt, setEndsAt] = useState(flag?.endsAt?.slice(0, 16) ?? '');
  const [failure, setFailure] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const rule = {
      description,
      kind,
      enabled,
      ...(kind === 'PERCENTAGE' ? { percentage: Number(percentage) } : {}),
      ...(kind === 'ALLOW_LIST'
        ? {
            allowedUserIds: allowed
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean),
          }
        : {}),
      ...(kind === 'TIME_WINDOW'
        ? {
            startsAt: startsAt ? new Date(startsAt).toISOString() : null,
            endsAt: endsAt ? new Date(endsAt).toISOString() : null,
          }
        : {}),
    };
    try {
      if (flag) await api.request(UpdateFeatureFlagDocument, { key: flag.key, input: rule });
      else await api.request(CreateFeatureFlagDocument, { input: { key: key.trim(), ...rule } });
      onDone();
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <form onSubmit={submit} className="card space-y-4" aria-label={flag ? `Edit flag ${flag.key}` : 'New flag'}>
      <h2 className="text-lg font-semibold">{flag ? `Edit ${flag.key}` : 'New flag'}</h2>
      {failure !== undefined && <Alert>{describeError(failure)}</Alert>}
      {!flag && (
        <Field label="Key" value={key} onChange={(e) => setKey(e.target.value)} hint="a-z first, then a-z 0-9 . _ -" />
      )}
      <Field label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as FeatureFlagKind)}>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </SelectField>
        <label className="flex items-end gap-2 pb-2 text-sm">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled (off for
          everyone when not)
        </label>
      </div>
      {kind === 'PERCENTAGE' && (
        <Field
          label="Share of users (%)"
          type="number"
          min={0}
          max={100}
          value={percentage}
          onChange={(e) => setPercentage(e.target.value)}
        />
      )}
      {kind === 'ALLOW_LIST' && (
        <Field label="User ids (comma-separated)" value={allowed} onChange={(e) => setAllowed(e.target.value)} />
      )}
      {kind === 'TIME_WINDOW' && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="From" type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
          <Field label="Until" type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
        </div>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn">
          {flag ? 'Save flag' : 'Create flag'}
        </button>
      </div>
    </form>
  );
}
