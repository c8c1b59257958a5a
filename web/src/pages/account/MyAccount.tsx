import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ChangePasswordDocument,
  MySessionsDocument,
  RevokeAllSessionsDocument,
  RevokeOtherSessionsDocument,
  RevokeSessionDocument,
  UpdateProfileDocument,
} from '@tradesage/client';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api, describeError } from '../../api.ts';
import { NewPasswordField, usePasswordRequirements } from '../../components/PasswordField.tsx';
import { useStepUp } from '../../components/StepUp.tsx';
import { Alert, Field, formatDate } from '../../components/ui.tsx';
import { methodsLabel } from '../../mfa.ts';
import { useSession, type Viewer } from '../../session.tsx';
import { Preferences } from './Preferences.tsx';

/** "My account": profile, password, and the sessions of the signed-in person. */
export function MyAccount() {
  const { session } = useSession();
  if (session.status !== 'signed-in') return null;
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">My account</h1>
      <Profile viewer={session.viewer} />
      <Preferences />
      <ChangePassword tenant={session.viewer.tenant.slug} />
      <Sessions />
    </div>
  );
}

const profileSchema = z.object({
  firstName: z.string().trim().max(100),
  lastName: z.string().trim().max(100),
  displayName: z.string().trim().max(100),
  locale: z.string().trim().max(35),
  timezone: z.string().trim().max(64),
});
type ProfileValues = z.infer<typeof profileSchema>;

function Profile({ viewer }: { viewer: Viewer }) {
  const { reload } = useSession();
  const [result, setResult] = useState<{ ok: boolean; error?: unknown }>();
  const form = useForm<ProfileValues>({
    resolver: zodResolver(profileSchema),
    defaultValues: {
      firstName: viewer.firstName ?? '',
      lastName: viewer.lastName ?? '',
      displayName: viewer.displayName ?? '',
      locale: viewer.locale ?? '',
      timezone: viewer.timezone ?? '',
    },
  });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    setResult(undefined);
    try {
      const input = Object.fromEntries(
        Object.entries(values).map(([key, value]) => [key, value === '' ? null : value]),
      );
      await api.request(UpdateProfileDocument, { input });
      await reload();
      setResult({ ok: true });
    } catch (error) {
      setResult({ ok: false, error });
    }
  });
  return (
    <section aria-labelledby="profile" className="card">
      <h2 id="profile" className="mb-1 text-lg font-semibold">
        Profile
      </h2>
      <p className="mb-4 text-sm text-slate-600">
        {viewer.email} {viewer.emailVerified ? '(verified)' : '(not verified yet)'} · {viewer.tenant.name} · roles:{' '}
        {viewer.roles?.join(', ')}
      </p>
      <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        <Field
          label="First name"
          autoComplete="given-name"
          error={errors.firstName?.message}
          {...form.register('firstName')}
        />
        <Field
          label="Last name"
          autoComplete="family-name"
          error={errors.lastName?.message}
          {...form.register('lastName')}
        />
        <Field label="Display name" error={errors.displayName?.message} {...form.register('displayName')} />
        <Field label="Language (e.g. en-GB)" error={errors.locale?.message} {...form.register('locale')} />
        <Field label="Time zone (e.g. Europe/Paris)" error={errors.timezone?.message} {...form.register('timezone')} />
        <div className="flex items-end gap-3 sm:col-span-2">
          <button type="submit" className="btn" disabled={isSubmitting}>
            Save profile
          </button>
          {result?.ok && <Alert kind="success">Saved.</Alert>}
          {result && !result.ok && <Alert>{describeError(result.error)}</Alert>}
        </div>
      </form>
    </section>
  );
}

function ChangePassword({ tenant }: { tenant: string }) {
  const requirements = usePasswordRequirements(tenant);
  const withStepUp = useStepUp();
  const [result, setResult] = useState<{ ok: boolean; error?: unknown }>();
  const form = useForm<{ currentPassword: string; newPassword: string }>({
    defaultValues: { currentPassword: '', newPassword: '' },
  });
  const submit = form.handleSubmit(async (input) => {
    setResult(undefined);
    try {
      await withStepUp(() => api.request(ChangePasswordDocument, { input }));
      form.reset();
      setResult({ ok: true });
    } catch (error) {
      setResult({ ok: false, error });
    }
  });
  return (
    <section aria-labelledby="password" className="card">
      <h2 id="password" className="mb-4 text-lg font-semibold">
        Password
      </h2>
      <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          {...form.register('currentPassword')}
        />
        <NewPasswordField
          refusal={result?.error}
          requirements={requirements}
          typed={form.watch('newPassword')}
          {...form.register('newPassword')}
        />
        <div className="flex items-end gap-3 sm:col-span-2">
          <button type="submit" className="btn" disabled={form.formState.isSubmitting}>
            Change password
          </button>
          {result?.ok && <Alert kind="success">Password changed. Your other sessions have ended.</Alert>}
          {result && !result.ok && <Alert>{describeError(result.error)}</Alert>}
        </div>
      </form>
    </section>
  );
}

function Sessions() {
  const queryClient = useQueryClient();
  const { signOut } = useSession();
  const sessions = useQuery({
    queryKey: ['mySessions'],
    queryFn: ({ signal }) => api.request(MySessionsDocument, undefined, { signal }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['mySessions'] });
  const revokeOne = useMutation({
    mutationFn: (id: string) => api.request(RevokeSessionDocument, { id }),
    onSuccess: refresh,
  });
  const revokeOthers = useMutation({ mutationFn: () => api.request(RevokeOtherSessionsDocument), onSuccess: refresh });
  const revokeAll = useMutation({
    mutationFn: () => api.request(RevokeAllSessionsDocument),
    onSuccess: () => signOut(),
  });
  const failure = revokeOne.error ?? revokeOthers.error ?? revokeAll.error ?? sessions.error;
  return (
    <section aria-labelledby="sessions" className="card">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <h2 id="sessions" className="text-lg font-semibold">
          Where you are signed in
        </h2>
        <div className="flex gap-2">
          <button type="button" className="btn-secondary" onClick={() => revokeOthers.mutate()}>
            Sign out other sessions
          </button>
          <button type="button" className="btn-danger" onClick={() => revokeAll.mutate()}>
            Sign out everywhere
          </button>
        </div>
      </div>
      {failure && <Alert>{describeError(failure)}</Alert>}
      {revokeOthers.isSuccess && (
        <Alert kind="success">Signed out of {revokeOthers.data.revokeOtherSessions} other sessions.</Alert>
      )}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Your sessions</caption>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th scope="col" className="py-2">
              Device
            </th>
            <th scope="col">Address</th>
            <th scope="col">Signed in with</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last active</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.data?.mySessions.map((s) => (
            <tr key={s.id} className="border-b border-slate-100">
              <td className="py-2">
                {s.application && (
                  <span className="block font-medium">Sign-in to {s.application.name ?? 'a removed application'}</span>
                )}
                {[s.browser, s.os].filter(Boolean).join(' on ') || 'Unknown device'} (
                {s.deviceType?.toLowerCase() ?? 'unknown'})
                {s.current && (
                  <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-900">
                    this device
                  </span>
                )}
              </td>
              <td>{s.ip ?? '—'}</td>
              <td>{methodsLabel(s.authenticationMethods)}</td>
              <td>{formatDate(s.createdAt)}</td>
              <td>{formatDate(s.lastActiveAt)}</td>
              <td className="text-right">
                {s.current ? (
                  <button type="button" className="btn-secondary" onClick={() => void signOut()}>
                    Sign out
                  </button>
                ) : (
                  <button type="button" className="btn-secondary" onClick={() => revokeOne.mutate(s.id)}>
                    Sign out<span className="sr-only"> the session on {s.browser ?? 'this device'}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
