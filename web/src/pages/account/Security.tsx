import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import {
  ConfirmOtpFactorDocument,
  ConfirmTotpEnrolmentDocument,
  FinishPasskeyRegistrationDocument,
  isErrorCode,
  MyIdentitiesDocument,
  MyMfaDocument,
  RegenerateRecoveryCodesDocument,
  RemoveMfaFactorDocument,
  RenameMfaFactorDocument,
  RevokeTrustedDeviceDocument,
  SocialProvidersDocument,
  StartOtpFactorDocument,
  StartPasskeyRegistrationDocument,
  StartSocialLinkDocument,
  StartTotpEnrolmentDocument,
  UnlinkIdentityDocument,
  type MfaFactorFieldsFragment,
  type MfaFactorKind,
  type MyMfaQuery,
  type StartOtpFactorMutation,
  type StartTotpEnrolmentMutation,
  type SocialProvider,
  type UserIdentityFieldsFragment,
} from '@tradesage/client';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, describeError, renewAccessToken, retryAfter } from '../../api.ts';
import { Modal } from '../../components/Modal.tsx';
import { RecoveryCodes, WeakerBadge } from '../../components/SecondFactor.tsx';
import { useStepUp } from '../../components/StepUp.tsx';
import { Alert, Field, formatDate, useCountdown, useSecondsUntil } from '../../components/ui.tsx';
import { FACTOR_LABELS, passkeyRegistration } from '../../mfa.ts';
import { useSession } from '../../session.tsx';
import { PROVIDER_NAMES, providerNamed, socialErrorMessage } from '../../social.ts';

type Mfa = NonNullable<MyMfaQuery['me']['mfa']>;

/** What an enrolment answers: the new factor, and the recovery codes with the first one. */
interface Enrolled {
  readonly recoveryCodes?: readonly string[] | null;
}

/**
 * "Security": the signed-in person's second factors (authenticator apps, passkeys, and where the
 * tenant allows them codes by text message or email: set up, renamed, removed), recovery codes (how
 * many are left, a new set) and trusted devices. A session the tenant requires a factor of is kept
 * here until it enrols one. Sensitive changes step up.
 */
export function Security() {
  const { session, reload } = useSession();
  const queryClient = useQueryClient();
  const mfa = useQuery({
    queryKey: ['myMfa'],
    queryFn: ({ signal }) => api.request(MyMfaDocument, undefined, { signal }),
  });
  const [codes, setCodes] = useState<readonly string[]>();
  if (session.status !== 'signed-in') return null;
  const data = mfa.data?.me.mfa;
  const allowed = data?.allowedFactors;

  // A new factor: its recovery codes shown once; the session now counts as two-factor (and an
  // enrolment-only session as a full one), which a new access token says.
  const enrolled = async (result: Enrolled) => {
    if (result.recoveryCodes) setCodes(result.recoveryCodes);
    await renewAccessToken();
    await queryClient.invalidateQueries({ queryKey: ['myMfa'] });
    await reload();
  };

  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Security</h1>
      {mfa.error && <Alert>{describeError(mfa.error)}</Alert>}
      {data && data.required && data.factors.length === 0 && (
        <Alert kind={session.viewer.enrolmentOnly ? 'error' : 'info'}>
          Your organisation requires a second factor: set up an authenticator app or a passkey
          {data.enrolBy ? ` by ${formatDate(data.enrolBy)}` : ''}.
          {session.viewer.enrolmentOnly && ' Until you do, this is the only page you can use.'}
        </Alert>
      )}
      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(undefined)} />}
      {data && <Factors factors={data.factors} />}
      {(!allowed || allowed.includes('TOTP')) && <AuthenticatorApp onEnrolled={enrolled} />}
      {(!allowed || allowed.includes('PASSKEY')) && <Passkeys onEnrolled={enrolled} />}
      {data &&
        MESSAGE_FACTORS.map((kind) => {
          // A factor the person has is shown whatever the tenant now allows: it can still be removed.
          const factor = data.factors.find((f) => f.kind === kind);
          if (!factor && !allowed?.includes(kind)) return null;
          return <CodesByMessage key={kind} kind={kind} factor={factor} onEnrolled={enrolled} />;
        })}
      {data && data.factors.length > 0 && <Recovery remaining={data.recoveryCodesRemaining} onCodes={setCodes} />}
      {data && data.trustedDevices.length > 0 && <TrustedDevices devices={data.trustedDevices} />}
      {!session.viewer.enrolmentOnly && <LinkedAccounts tenant={session.viewer.tenant.slug} />}
    </div>
  );
}

function useRefreshMfa() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['myMfa'] });
}

function Factors({ factors }: { factors: readonly MfaFactorFieldsFragment[] }) {
  const withStepUp = useStepUp();
  const refresh = useRefreshMfa();
  const [renaming, setRenaming] = useState<MfaFactorFieldsFragment>();
  const remove = useMutation({
    mutationFn: (id: string) => withStepUp(() => api.request(RemoveMfaFactorDocument, { id })),
    onSuccess: refresh,
  });
  return (
    <section aria-labelledby="factors" className="card">
      <h2 id="factors" className="mb-1 text-lg font-semibold">
        Second factors
      </h2>
      <p className="mb-4 text-sm text-slate-600">
        With one, signing in asks for it after your password. A passkey also signs you in on its own.
      </p>
      {remove.error && <Alert>{describeError(remove.error)}</Alert>}
      {factors.length === 0 ? (
        <p className="text-sm text-slate-700">You have no second factor yet.</p>
      ) : (
        <ul aria-label="Your second factors" className="divide-y divide-slate-100">
          {factors.map((factor) => (
            <li key={factor.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div className="min-w-0 text-sm">
                <p className="font-medium">
                  {factor.name}
                  {factor.name !== FACTOR_LABELS[factor.kind] && (
                    <span className="font-normal text-slate-600"> · {FACTOR_LABELS[factor.kind]}</span>
                  )}
                  {factor.weaker && (
                    <>
                      {' '}
                      <WeakerBadge />
                    </>
                  )}
                </p>
                <p className="text-xs text-slate-600">
                  Added {formatDate(factor.createdAt)} · last used {formatDate(factor.lastUsedAt)}
                </p>
              </div>
              <div className="flex gap-2">
                <button type="button" className="btn-secondary" onClick={() => setRenaming(factor)}>
                  Rename<span className="sr-only"> {factor.name}</span>
                </button>
                <button
                  type="button"
                  className="btn-danger"
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(`Remove ${factor.name}? It will no longer confirm it is you.`))
                      remove.mutate(factor.id);
                  }}
                >
                  Remove<span className="sr-only"> {factor.name}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {renaming && <RenameDialog factor={renaming} onClose={() => setRenaming(undefined)} />}
    </section>
  );
}

function RenameDialog({ factor, onClose }: { factor: MfaFactorFieldsFragment; onClose(): void }) {
  const refresh = useRefreshMfa();
  const [name, setName] = useState(factor.name);
  const rename = useMutation({
    mutationFn: () => api.request(RenameMfaFactorDocument, { id: factor.id, name: name.trim() }),
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate();
  };
  return (
    <Modal open onClose={onClose} title={`Rename ${factor.name}`}>
      <form onSubmit={submit} noValidate className="space-y-4">
        {rename.error && <Alert>{describeError(rename.error)}</Alert>}
        <Field label="Name" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn" disabled={rename.isPending || !name.trim()}>
            Save name
          </button>
        </div>
      </form>
    </Modal>
  );
}

type TotpEnrolment = StartTotpEnrolmentMutation['startTotpEnrolment'];

/** Setting up an authenticator app: a name, then the QR code (or the key to type in), then one code from the app. */
function AuthenticatorApp({ onEnrolled }: { onEnrolled(result: Enrolled): Promise<void> }) {
  const withStepUp = useStepUp();
  const [name, setName] = useState('Authenticator app');
  const [pending, setPending] = useState<TotpEnrolment>();
  const [code, setCode] = useState('');
  const start = useMutation({
    mutationFn: () =>
      withStepUp(() => api.request(StartTotpEnrolmentDocument, { input: { name: name.trim() || null } })),
    onSuccess: ({ startTotpEnrolment }) => setPending(startTotpEnrolment),
  });
  const confirm = useMutation({
    mutationFn: (factorId: string) =>
      withStepUp(() =>
        api.request(ConfirmTotpEnrolmentDocument, { input: { factorId, code: code.replace(/\s/g, '') } }),
      ),
    onSuccess: async ({ confirmTotpEnrolment }) => {
      setPending(undefined);
      setCode('');
      setName('Authenticator app');
      await onEnrolled(confirmTotpEnrolment);
    },
    onError: () => setCode(''),
  });
  const failure = start.error ?? confirm.error;
  return (
    <section aria-labelledby="authenticator-app" className="card space-y-4">
      <h2 id="authenticator-app" className="text-lg font-semibold">
        Authenticator app
      </h2>
      {failure && <Alert>{describeError(failure)}</Alert>}
      {confirm.isSuccess && !pending && <Alert kind="success">Your authenticator app is set up.</Alert>}
      {!pending ? (
        <form
          className="flex flex-wrap items-end gap-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            start.mutate();
          }}
        >
          <div className="min-w-60 grow">
            <Field
              label="Name of the app"
              hint="To tell it apart, e.g. the phone it is on."
              maxLength={64}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <button type="submit" className="btn" disabled={start.isPending}>
            Set up authenticator app
          </button>
        </form>
      ) : (
        <form
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            confirm.mutate(pending.factorId);
          }}
        >
          <p className="text-sm text-slate-700">
            Scan this QR code with your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, …),
            then enter the 6-digit code it shows.
          </p>
          <img
            src={pending.qrCodePng}
            alt="QR code to scan with your authenticator app"
            className="h-48 w-48 rounded border border-slate-200"
          />
          <p className="text-sm text-slate-700">
            Cannot scan it? Enter this key in the app instead:{' '}
            <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono break-all">
              {groupsOfFour(pending.secret)}
            </code>
          </p>
          <div className="max-w-xs">
            <Field
              label="Code from the app"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]*"
              maxLength={7}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </div>
          <div className="flex gap-2">
            <button type="submit" className="btn" disabled={confirm.isPending || !code.trim()}>
              Activate
            </button>
            <button
              type="button"
              className="btn-secondary"
              onClick={() => {
                setPending(undefined);
                confirm.reset();
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** The key as apps show it: groups of four characters (apps ignore the spaces). */
function groupsOfFour(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Adding a passkey of this device (or a security key): the browser's WebAuthn registration. */
function Passkeys({ onEnrolled }: { onEnrolled(result: Enrolled): Promise<void> }) {
  const withStepUp = useStepUp();
  const [name, setName] = useState('Passkey');
  const add = useMutation({
    // The whole ceremony runs again after a step-up: its challenge is for one answer only.
    mutationFn: () =>
      withStepUp(async () => {
        const { startPasskeyRegistration } = await api.request(StartPasskeyRegistrationDocument);
        const response = await passkeyRegistration(startPasskeyRegistration);
        const { finishPasskeyRegistration } = await api.request(FinishPasskeyRegistrationDocument, {
          input: { name: name.trim() || null, response },
        });
        return finishPasskeyRegistration;
      }),
    onSuccess: (result) => onEnrolled(result),
  });
  const supported = browserSupportsWebAuthn();
  return (
    <section aria-labelledby="passkeys" className="card space-y-4">
      <h2 id="passkeys" className="text-lg font-semibold">
        Passkeys
      </h2>
      <p className="text-sm text-slate-600">
        A passkey lives on this device (or a security key) and is unlocked with your fingerprint, face or PIN. It signs
        you in without a password, and cannot be phished.
      </p>
      {!supported && <Alert kind="info">This browser cannot use passkeys.</Alert>}
      {add.error && <Alert>{describeError(add.error)}</Alert>}
      {add.isSuccess && <Alert kind="success">Your passkey is added.</Alert>}
      <form
        className="flex flex-wrap items-end gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <div className="min-w-60 grow">
          <Field label="Name of the passkey" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <button type="submit" className="btn" disabled={!supported || add.isPending}>
          Add a passkey
        </button>
      </form>
    </section>
  );
}

/** The factors whose codes the API sends, as the page lists them: weaker than an app or a passkey. */
type MessageFactor = Extract<MfaFactorKind, 'SMS' | 'EMAIL'>;
const MESSAGE_FACTORS: readonly MessageFactor[] = ['SMS', 'EMAIL'];

const BY_MESSAGE: Record<
  MessageFactor,
  { readonly title: string; readonly id: string; readonly about: string; readonly field: string }
> = {
  SMS: {
    title: 'Codes by text message',
    id: 'sms-codes',
    about:
      'Signing in sends a 6-digit code to your mobile phone. Weaker than an authenticator app or a passkey: a number can be moved to another SIM card, and texts intercepted.',
    field: 'Code from the text message',
  },
  EMAIL: {
    title: 'Codes by email',
    id: 'email-codes',
    about:
      'Signing in sends a 6-digit code to your email address. Weaker than an authenticator app or a passkey: whoever reads your mail can also reset your password.',
    field: 'Code from the email',
  },
};

type OtpEnrolment = StartOtpFactorMutation['startOtpFactor'] & { readonly resendAt: number };

/**
 * Turning on codes by text message (a mobile number, E.164) or by email (the account's address):
 * a code goes there, and comes back here to confirm it arrives. A new number replaces the old one
 * once confirmed. A tenant that does not allow the factor answers MFA_FACTOR_NOT_ALLOWED.
 */
function CodesByMessage({
  kind,
  factor,
  onEnrolled,
}: {
  kind: MessageFactor;
  /** The factor of this kind the person has, if any. */
  factor: MfaFactorFieldsFragment | undefined;
  onEnrolled(result: Enrolled): Promise<void>;
}) {
  const { title, id, about, field } = BY_MESSAGE[kind];
  const withStepUp = useStepUp();
  const [phone, setPhone] = useState('');
  const [changing, setChanging] = useState(false);
  const [pending, setPending] = useState<OtpEnrolment>();
  const [code, setCode] = useState('');
  const resendWait = useSecondsUntil(pending?.resendAt);
  const confirm = useMutation({
    mutationFn: (factorId: string) =>
      withStepUp(() => api.request(ConfirmOtpFactorDocument, { input: { factorId, code: code.replace(/\s/g, '') } })),
    onSuccess: async ({ confirmOtpFactor }) => {
      setPending(undefined);
      setChanging(false);
      setCode('');
      await onEnrolled(confirmOtpFactor);
    },
    onError: () => setCode(''),
  });
  // Asking again sends a new code (for a new pending factor): only the newest one works.
  const start = useMutation({
    mutationFn: () =>
      withStepUp(() =>
        api.request(StartOtpFactorDocument, { input: kind === 'SMS' ? { kind, phone: phone.trim() } : { kind } }),
      ),
    onSuccess: ({ startOtpFactor }) => {
      setPending({ ...startOtpFactor, resendAt: Date.now() + startOtpFactor.resendAfterSeconds * 1000 });
      confirm.reset();
    },
  });
  const wait = useCountdown(retryAfter(start.error));
  const phoneError = isErrorCode(start.error, 'PHONE_NUMBER_INVALID') ? describeError(start.error) : undefined;
  const failure = phoneError ? confirm.error : (start.error ?? confirm.error);
  const cancel = () => {
    setPending(undefined);
    setChanging(false);
    start.reset();
    confirm.reset();
  };

  let body;
  if (isErrorCode(start.error, 'MFA_FACTOR_NOT_ALLOWED')) {
    body = <Alert kind="info">Your organisation does not offer {title.toLowerCase()}.</Alert>;
  } else if (pending) {
    body = (
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          confirm.mutate(pending.factorId);
        }}
      >
        <Alert kind="info">Sent to {pending.sentTo}. Enter the code to confirm it arrives.</Alert>
        <div className="max-w-xs">
          <Field
            label={field}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="submit" className="btn" disabled={confirm.isPending || !code.trim()}>
            Confirm
          </button>
          <button
            type="button"
            className="btn-secondary"
            disabled={start.isPending || resendWait > 0 || wait > 0}
            onClick={() => start.mutate()}
          >
            Send a new code{resendWait > 0 && ` (in ${resendWait} s)`}
          </button>
          <button type="button" className="btn-secondary" onClick={cancel}>
            Cancel
          </button>
        </div>
      </form>
    );
  } else if (factor && !changing) {
    body = (
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700">
          {kind === 'SMS' ? `On: codes go to “${factor.name}”.` : 'On: codes go to your email address.'}
        </p>
        {kind === 'SMS' && (
          <button type="button" className="btn-secondary" onClick={() => setChanging(true)}>
            Change number
          </button>
        )}
      </div>
    );
  } else {
    body = (
      <form
        className="flex flex-wrap items-end gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate();
        }}
      >
        {kind === 'SMS' && (
          <div className="min-w-60 grow">
            <Field
              label={factor ? 'New mobile number' : 'Mobile number'}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              hint="In international form: + and the country code, then the number, e.g. +44 7400 123456."
              error={phoneError}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
            />
          </div>
        )}
        <button
          type="submit"
          className="btn"
          disabled={start.isPending || wait > 0 || (kind === 'SMS' && !phone.trim())}
        >
          {wait > 0 ? `Wait ${wait} s` : kind === 'SMS' ? 'Send a code' : 'Turn on codes by email'}
        </button>
        {changing && (
          <button type="button" className="btn-secondary" onClick={cancel}>
            Cancel
          </button>
        )}
      </form>
    );
  }

  return (
    <section aria-labelledby={id} className="card space-y-4">
      <div className="flex items-center gap-2">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        <WeakerBadge />
      </div>
      <p className="text-sm text-slate-600">{about}</p>
      {failure && !isErrorCode(failure, 'MFA_FACTOR_NOT_ALLOWED') && <Alert>{describeError(failure, wait)}</Alert>}
      {confirm.isSuccess && !pending && <Alert kind="success">{title} are on.</Alert>}
      {body}
    </section>
  );
}

function Recovery({ remaining, onCodes }: { remaining: number; onCodes(codes: readonly string[]): void }) {
  const withStepUp = useStepUp();
  const refresh = useRefreshMfa();
  const regenerate = useMutation({
    mutationFn: () => withStepUp(() => api.request(RegenerateRecoveryCodesDocument)),
    onSuccess: async ({ regenerateRecoveryCodes }) => {
      onCodes(regenerateRecoveryCodes.codes);
      await refresh();
    },
  });
  return (
    <section aria-labelledby="recovery-codes" className="card space-y-4">
      <h2 id="recovery-codes" className="text-lg font-semibold">
        Recovery codes
      </h2>
      <p className="text-sm text-slate-700">
        {remaining} of 10 left. Each signs you in once when you cannot use your app or passkey.
        {remaining <= 3 && ' Make new ones before they run out.'}
      </p>
      {regenerate.error && <Alert>{describeError(regenerate.error)}</Alert>}
      <button
        type="button"
        className="btn-secondary"
        disabled={regenerate.isPending}
        onClick={() => {
          if (window.confirm('Make ten new recovery codes? The ones you have stop working.')) regenerate.mutate();
        }}
      >
        Make new recovery codes
      </button>
    </section>
  );
}

function TrustedDevices({ devices }: { devices: Mfa['trustedDevices'] }) {
  const refresh = useRefreshMfa();
  const forget = useMutation({
    mutationFn: (id: string) => api.request(RevokeTrustedDeviceDocument, { id }),
    onSuccess: refresh,
  });
  return (
    <section aria-labelledby="trusted-devices" className="card">
      <h2 id="trusted-devices" className="mb-1 text-lg font-semibold">
        Trusted devices
      </h2>
      <p className="mb-4 text-sm text-slate-600">
        Browsers where you chose “Remember this device”: they skip the second factor until the date shown.
      </p>
      {forget.error && <Alert>{describeError(forget.error)}</Alert>}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Your trusted devices</caption>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th scope="col" className="py-2">
              Device
            </th>
            <th scope="col">Address</th>
            <th scope="col">Remembered</th>
            <th scope="col">Until</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => {
            const device = [d.browser, d.os].filter(Boolean).join(' on ') || 'Unknown device';
            return (
              <tr key={d.id} className="border-b border-slate-100">
                <td className="py-2">
                  {device} ({d.deviceType.toLowerCase()})
                </td>
                <td>{d.ip ?? '—'}</td>
                <td>{formatDate(d.createdAt)}</td>
                <td>{formatDate(d.expiresAt)}</td>
                <td className="text-right">
                  <button
                    type="button"
                    className="btn-secondary"
                    disabled={forget.isPending}
                    onClick={() => forget.mutate(d.id)}
                  >
                    Forget<span className="sr-only"> {device}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/**
 * "Linked accounts": the person's accounts at the organisation's social sign-in providers (each
 * signs them in), another one linked (startSocialLink, a recent sign-in, then the provider, which
 * comes back here with `?socialLinked=<provider>` or `?socialError=<code>`), and one unlinked after
 * a confirmation; the last way to sign in cannot be (SOCIAL_LAST_SIGN_IN_METHOD).
 */
function LinkedAccounts({ tenant }: { tenant: string }) {
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [params] = useSearchParams();
  const linked = providerNamed(params.get('socialLinked'));
  const refused = params.get('socialError');
  const identities = useQuery({
    queryKey: ['myIdentities'],
    queryFn: ({ signal }) => api.request(MyIdentitiesDocument, undefined, { signal }),
  });
  const providers = useQuery({
    queryKey: ['socialProviders', tenant],
    queryFn: ({ signal }) => api.request(SocialProvidersDocument, { tenant }, { signal }),
    staleTime: 60_000,
  });
  const link = useMutation({
    mutationFn: (provider: SocialProvider) => withStepUp(() => api.request(StartSocialLinkDocument, { provider })),
    // On to the provider; it comes back to this page.
    onSuccess: ({ startSocialLink }) => window.location.assign(startSocialLink.url),
  });
  const unlink = useMutation({
    mutationFn: (identity: UserIdentityFieldsFragment) => api.request(UnlinkIdentityDocument, { id: identity.id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['myIdentities'] }),
  });
  const list = identities.data?.myIdentities ?? [];
  const offered = providers.data?.socialProviders ?? [];
  const failure = identities.error ?? link.error ?? unlink.error;
  return (
    <section aria-labelledby="linked-accounts" className="card space-y-4">
      <div>
        <h2 id="linked-accounts" className="mb-1 text-lg font-semibold">
          Linked accounts
        </h2>
        <p className="text-sm text-slate-600">
          Your accounts at other services that sign you in here, without your password.
        </p>
      </div>
      {linked && !link.isPending && !unlink.isSuccess && (
        <Alert kind="success">Your {PROVIDER_NAMES[linked]} account is linked: it signs you in from now on.</Alert>
      )}
      {refused && !link.isPending && <Alert>{socialErrorMessage(refused)}</Alert>}
      {failure && (
        <Alert>
          {isErrorCode(failure, 'SOCIAL_LAST_SIGN_IN_METHOD')
            ? 'You cannot unlink it: it is your only way to sign in. Link another account first, or set a password with “Forgot your password?” on the sign-in page.'
            : describeError(failure)}
        </Alert>
      )}
      {unlink.isSuccess && <Alert kind="success">Unlinked: it no longer signs you in.</Alert>}
      {identities.isSuccess && list.length === 0 && (
        <p className="text-sm text-slate-700">You have no linked account.</p>
      )}
      {list.length > 0 && (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Your linked accounts</caption>
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-2">
                Provider
              </th>
              <th scope="col">Email address</th>
              <th scope="col">Linked</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((identity) => {
              const name = PROVIDER_NAMES[identity.provider];
              return (
                <tr key={identity.id} className="border-b border-slate-100">
                  <td className="py-2 font-medium">{name}</td>
                  <td className="break-all">{identity.email ?? '—'}</td>
                  <td>{formatDate(identity.linkedAt)}</td>
                  <td>{formatDate(identity.lastUsedAt)}</td>
                  <td className="text-right">
                    <button
                      type="button"
                      className="btn-danger"
                      disabled={unlink.isPending}
                      onClick={() => {
                        unlink.reset();
                        if (
                          window.confirm(
                            `Unlink your ${name} account${identity.email ? ` ${identity.email}` : ''}? It will no longer sign you in.`,
                          )
                        )
                          unlink.mutate(identity);
                      }}
                    >
                      Unlink<span className="sr-only"> {name}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {offered.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {offered.map((provider) => (
            <button
              key={provider}
              type="button"
              className="btn-secondary"
              disabled={link.isPending}
              onClick={() => link.mutate(provider)}
            >
              Link {list.some((identity) => identity.provider === provider) ? 'another ' : 'a '}
              {PROVIDER_NAMES[provider]} account
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
