import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  MyTenantDocument,
  SetTenantDomainDocument,
  TenantSettingsDocument,
  UpdateTenantSettingsDocument,
  isErrorCode,
  type MfaFactorKind,
  type MfaMode,
  type TenantSettingsFieldsFragment,
} from '@tradesage/client';
import { useState, type FormEvent } from 'react';
import { api, describeError } from '../../api.ts';
import { useStepUp } from '../../components/StepUp.tsx';
import { Alert, Field, SelectField } from '../../components/ui.tsx';
import { FACTOR_LABELS, WEAKER_FACTORS } from '../../mfa.ts';
import { useSession } from '../../session.tsx';
import { SocialConnections } from './SocialConnections.tsx';

const FACTOR_KINDS: readonly MfaFactorKind[] = ['TOTP', 'PASSKEY', 'RECOVERY_CODE', 'EMAIL', 'SMS'];

/** A comma-separated list as typed, as a list. */
function listOf(typed: string): string[] {
  return typed
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

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
      {can('tenant:settings:write') && <SocialConnections tenant={session.viewer.tenant.slug} />}
    </div>
  );
}

function SettingsForm({ initial, writable }: { initial: TenantSettingsFieldsFragment; writable: boolean }) {
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [values, setValues] = useState(initial);
  const [domains, setDomains] = useState(initial.signup.allowedEmailDomains.join(', '));
  const [mfaRoles, setMfaRoles] = useState(initial.mfa.requiredForRoles.join(', '));
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
        apiKeys: values.apiKeys,
        signup: { mode: values.signup.mode, allowedEmailDomains: listOf(domains) },
        mfa: { ...values.mfa, requiredForRoles: listOf(mfaRoles) },
      };
      const { updateTenantSettings } = await withStepUp(() => api.request(UpdateTenantSettingsDocument, { input }));
      setValues(updateTenantSettings);
      await queryClient.invalidateQueries({ queryKey: ['tenantSettings'] });
      setResult({ ok: true });
    } catch (error) {
      setResult({ ok: false, error });
    }
  };
  const p = values.passwordPolicy;
  const s = values.sessions;
  const m = values.mfa;
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
          <h2 className="text-lg font-semibold sm:col-span-2">Second factor (MFA)</h2>
          <SelectField
            label="Second factor"
            value={m.mode}
            onChange={(e) => setValues({ ...values, mfa: { ...m, mode: e.target.value as MfaMode } })}
          >
            <option value="OFF">Off: never asked for, cannot be set up</option>
            <option value="OPTIONAL">Optional: asked of whoever has set one up</option>
            <option value="REQUIRED">Required of everyone</option>
          </SelectField>
          <Field
            label="Also required of these roles (comma-separated)"
            hint="With “Optional”: holders of these roles must set one up, as if it were required."
            value={mfaRoles}
            disabled={m.mode !== 'OPTIONAL'}
            error={errors['mfa.requiredForRoles']}
            onChange={(e) => setMfaRoles(e.target.value)}
          />
          <fieldset className="sm:col-span-2">
            <legend className="label">Factors people may use</legend>
            <div className="flex flex-wrap gap-4">
              {FACTOR_KINDS.map((kind) => (
                <label key={kind} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={m.allowedFactors.includes(kind)}
                    onChange={(e) =>
                      setValues({
                        ...values,
                        mfa: {
                          ...m,
                          allowedFactors: e.target.checked
                            ? [...m.allowedFactors, kind]
                            : m.allowedFactors.filter((k) => k !== kind),
                        },
                      })
                    }
                  />
                  {FACTOR_LABELS[kind]}
                  {WEAKER_FACTORS.has(kind) && (
                    <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
                      weaker
                    </span>
                  )}
                </label>
              ))}
            </div>
            {errors['mfa.allowedFactors'] && (
              <p className="mt-1 text-sm text-red-700">{errors['mfa.allowedFactors']}</p>
            )}
            <p className="mt-1 text-xs text-slate-600">
              Codes by email or SMS are weaker than an app or a passkey: a mailbox also resets passwords, and phone
              numbers can be taken over.
            </p>
          </fieldset>
          {number(
            'mfa.enrolmentGraceDays',
            'Days to set one up once required (then only an administrator can let them in)',
            m.enrolmentGraceDays,
            (n) => setValues({ ...values, mfa: { ...m, enrolmentGraceDays: n ?? 0 } }),
          )}
          <SelectField
            label="Authenticator codes accepted"
            value={String(m.totpWindow)}
            onChange={(e) => setValues({ ...values, mfa: { ...m, totpWindow: Number(e.target.value) } })}
          >
            <option value="1">The current one, and the one before or after (clock drift)</option>
            <option value="0">The current one only</option>
          </SelectField>
          {number(
            'mfa.stepUpMaxAgeMinutes',
            'Minutes a sign-in counts as recent for sensitive changes',
            m.stepUpMaxAgeMinutes,
            (n) => setValues({ ...values, mfa: { ...m, stepUpMaxAgeMinutes: n ?? 0 } }),
          )}
          {number(
            'mfa.trustedDeviceDays',
            'Days “Remember this device” skips the second factor (0: not offered)',
            m.trustedDeviceDays,
            (n) => setValues({ ...values, mfa: { ...m, trustedDeviceDays: n ?? 0 } }),
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
          {number(
            'apiKeys.maxLifetimeDays',
            'Longest lifetime of an API key, in days (1 to 366)',
            values.apiKeys.maxLifetimeDays,
            (n) => setValues({ ...values, apiKeys: { maxLifetimeDays: n ?? 0 } }),
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
