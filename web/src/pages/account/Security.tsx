import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import {
  ConfirmTotpEnrolmentDocument,
  FinishPasskeyRegistrationDocument,
  MyMfaDocument,
  RegenerateRecoveryCodesDocument,
  RemoveMfaFactorDocument,
  RenameMfaFactorDocument,
  RevokeTrustedDeviceDocument,
  StartPasskeyRegistrationDocument,
  StartTotpEnrolmentDocument,
  type MfaFactorFieldsFragment,
  type MyMfaQuery,
  type StartTotpEnrolmentMutation,
} from '@tradesage/client';
import { useState, type FormEvent } from 'react';
import { api, describeError, renewAccessToken } from '../../api.ts';
import { Modal } from '../../components/Modal.tsx';
import { RecoveryCodes } from '../../components/SecondFactor.tsx';
import { useStepUp } from '../../components/StepUp.tsx';
import { Alert, Field, formatDate } from '../../components/ui.tsx';
import { FACTOR_LABELS, passkeyRegistration } from '../../mfa.ts';
import { useSession } from '../../session.tsx';

type Mfa = NonNullable<MyMfaQuery['me']['mfa']>;

/** What an enrolment answers: the new factor, and the recovery codes with the first one. */
interface Enrolled {
  readonly recoveryCodes?: readonly string[] | null;
}

/**
 * "Security": the signed-in person's second factors (authenticator apps and passkeys: set up,
 * renamed, removed), recovery codes (how many are left, a new set) and trusted devices. A session
 * the tenant requires a factor of is kept here until it enrols one. Sensitive changes step up.
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
      <AuthenticatorApp onEnrolled={enrolled} />
      <Passkeys onEnrolled={enrolled} />
      {data && data.factors.length > 0 && <Recovery remaining={data.recoveryCodesRemaining} onCodes={setCodes} />}
      {data && data.trustedDevices.length > 0 && <TrustedDevices devices={data.trustedDevices} />}
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
                    <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
                      weaker
                    </span>
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
