import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  MyTenantDocument,
  SetTenantDomainDocument,
  TenantSettingsDocument,
  UpdateTenantSettingsDocument,
  isErrorCode,
  type TenantSettingsFieldsFragment,
} from '@tradesage/client';
import { useState, type FormEvent } from 'react';
import { api, describeError } from '../../api.ts';
import { Alert, Field, SelectField } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';

/** The refusals of a settings update by field path (`details.fields`). */
function fieldErrors(error: unknown): Record<string, string> {
  if (!isErrorCode(error, 'BAD_USER_INPUT')) return {};
  const fields = (error.details as { fields?: Array<{ path: string; message: string }> } | undefined)?.fields ?? [];
  return Object.fromEntries(fields.map((f) => [f.path, f.message]));
}

/** The tenant's settings, each with its own error when refused. */
export function Settings() {
  const { session, can } = useSession();
  const settings = useQuery({ queryKey: ['tenantSettings'], queryFn: () => api.request(TenantSettingsDocument, {}) });
  if (settings.error) return <Alert>{describeError(settings.error)}</Alert>;
  if (!settings.data || session.status !== 'signed-in') return <p role="status">Loading…</p>;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Organisation settings</h1>
      <SettingsForm initial={settings.data.tenantSettings} writable={can('tenant:settings:write')} />
      {can('tenant:settings:write') && <CustomDomain tenantId={session.viewer.tenant.id} />}
    </div>
  );
}

function SettingsForm({ initial, writable }: { initial: TenantSettingsFieldsFragment; writable: boolean }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState(initial);
  const [domains, setDomains] = useState(initial.signup.allowedEmailDomains.join(', '));
  const [result, setResult] = useState<{ ok: boolean; error?: unknown }>();
  const errors = fieldErrors(result?.error);
  const number = (path: string, label: string, value: number | null | undefined, set: (n: number | null) => void) => (
    <Field
      label={label}
      type="number"
      inputMode="numeric"
      value={value ?? ''}
      error={errors[path]}
      onChange={(e) => set(e.target.value === '' ? null : Number(e.target.value))}
    />
  );
  const check = (label: string, value: boolean, set: (b: boolean) => void) => (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" checked={value} onChange={(e) => set(e.target.checked)} />
      {label}
    </label>
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    try {
      const input = {
        passwordPolicy: values.passwordPolicy,
        lockout: values.lockout,
        sessions: values.sessions,
        rateLimits: values.rateLimits,
        signup: {
          mode: values.signup.mode,
          allowedEmailDomains: domains
            .split(',')
            .map((d) => d.trim())
            .filter(Boolean),
        },
      };
      const { updateTenantSettings } = await api.request(UpdateTenantSettingsDocument, { input });
      setValues(updateTenantSettings);
      await queryClient.invalidateQueries({ queryKey: ['tenantSettings'] });
      setResult({ ok: true });
    } catch (error) {
      setResult({ ok: false, error });
    }
  };
  const p = values.passwordPolicy;
  const s = values.sessions;
  return (
    <form onSubmit={submit} aria-label="Organisation settings" className="space-y-6">
      <fieldset disabled={!writable} className="space-y-6">
        <section className="card space-y-4">
          <h2 className="text-lg font-semibold">Password policy</h2>
          {number('passwordPolicy.minLength', 'Minimum length', p.minLength, (n) =>
            setValues({ ...values, passwordPolicy: { ...p, minLength: n ?? 0 } }),
          )}
          <div className="flex flex-wrap gap-4">
            {check('An uppercase letter', p.requireUppercase, (b) =>
              setValues({ ...values, passwordPolicy: { ...p, requireUppercase: b } }),
            )}
            {check('A lowercase letter', p.requireLowercase, (b) =>
              setValues({ ...values, passwordPolicy: { ...p, requireLowercase: b } }),
            )}
            {check('A digit', p.requireDigit, (b) =>
              setValues({ ...values, passwordPolicy: { ...p, requireDigit: b } }),
            )}
            {check('A symbol', p.requireSymbol, (b) =>
              setValues({ ...values, passwordPolicy: { ...p, requireSymbol: b } }),
            )}
          </div>
          {number(
            'lockout.threshold',
            'Lock an account after this many wrong passwords',
            values.lockout.threshold,
            (n) => setValues({ ...values, lockout: { threshold: n ?? 0 } }),
          )}
        </section>
        <section className="card grid gap-4 sm:grid-cols-2">
          <h2 className="text-lg font-semibold sm:col-span-2">Sessions</h2>
          {number('sessions.refreshTokenTtlDays', 'Session lifetime (days)', s.refreshTokenTtlDays, (n) =>
            setValues({ ...values, sessions: { ...s, refreshTokenTtlDays: n ?? 0 } }),
          )}
          {number('sessions.idleTimeoutMinutes', 'Idle timeout (minutes)', s.idleTimeoutMinutes, (n) =>
            setValues({ ...values, sessions: { ...s, idleTimeoutMinutes: n ?? 0 } }),
          )}
          {number('sessions.maxConcurrent', 'Sessions per user at most (empty: no limit)', s.maxConcurrent, (n) =>
            setValues({ ...values, sessions: { ...s, maxConcurrent: n } }),
          )}
          {number(
            'sessions.refreshReuseLeewaySeconds',
            'Refresh reuse leeway (seconds, 0 = strict)',
            s.refreshReuseLeewaySeconds,
            (n) => setValues({ ...values, sessions: { ...s, refreshReuseLeewaySeconds: n ?? 0 } }),
          )}
        </section>
        <section className="card grid gap-4 sm:grid-cols-2">
          <h2 className="text-lg font-semibold sm:col-span-2">Sign-up and limits</h2>
          <SelectField
            label="Who may create an account"
            value={values.signup.mode}
            onChange={(e) =>
              setValues({
                ...values,
                signup: { ...values.signup, mode: e.target.value as 'INVITE_ONLY' | 'SELF_SERVICE' },
              })
            }
          >
            <option value="INVITE_ONLY">Invited people only</option>
            <option value="SELF_SERVICE">Anyone (self-service sign-up)</option>
          </SelectField>
          <Field
            label="Allowed email domains (comma-separated; empty: any)"
            value={domains}
            error={errors['signup.allowedEmailDomains']}
            onChange={(e) => setDomains(e.target.value)}
          />
          {number(
            'rateLimits.requestsPerMinute',
            'API requests per minute (whole organisation)',
            values.rateLimits.requestsPerMinute,
            (n) => setValues({ ...values, rateLimits: { ...values.rateLimits, requestsPerMinute: n ?? 0 } }),
          )}
          {number(
            'rateLimits.loginAttemptsPerMinute',
            'Sign-in attempts per minute',
            values.rateLimits.loginAttemptsPerMinute,
            (n) => setValues({ ...values, rateLimits: { ...values.rateLimits, loginAttemptsPerMinute: n ?? 0 } }),
          )}
        </section>
      </fieldset>
      {result?.ok && <Alert kind="success">Settings saved.</Alert>}
      {result && !result.ok && Object.keys(errors).length === 0 && <Alert>{describeError(result.error)}</Alert>}
      {Object.keys(errors).length > 0 && <Alert>Some settings were refused: see the fields marked.</Alert>}
      {writable && (
        <button type="submit" className="btn">
          Save settings
        </button>
      )}
    </form>
  );
}

function CustomDomain({ tenantId }: { tenantId: string }) {
  const current = useQuery({ queryKey: ['myTenant'], queryFn: () => api.request(MyTenantDocument) });
  const [domain, setDomain] = useState<string>();
  const [result, setResult] = useState<{ ok: boolean; error?: unknown }>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.request(SetTenantDomainDocument, { id: tenantId, domain: (domain ?? '').trim() || null });
      setResult({ ok: true });
    } catch (error) {
      setResult({ ok: false, error });
    }
  };
  return (
    <form onSubmit={submit} aria-label="Custom domain" className="card space-y-4">
      <h2 className="text-lg font-semibold">Custom domain</h2>
      <Field
        label="Domain people sign in with instead of the organisation's slug (empty: none)"
        value={domain ?? current.data?.myTenant.domain ?? ''}
        error={result && !result.ok ? describeError(result.error) : undefined}
        onChange={(e) => setDomain(e.target.value)}
      />
      {result?.ok && <Alert kind="success">Domain saved.</Alert>}
      <button type="submit" className="btn-secondary">
        Save domain
      </button>
    </form>
  );
}
