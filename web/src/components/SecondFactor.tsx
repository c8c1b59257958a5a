import { isErrorCode, SendMfaCodeDocument, type MfaFactorKind } from '@tradesage/client';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, describeError, retryAfter, seconds } from '../api.ts';
import { passkeyAnswer } from '../mfa.ts';
import { Alert, Field, useCountdown, useSecondsUntil } from './ui.tsx';

/** One answer with a second factor, as `completeSignIn` and `completeStepUp` take it. */
export type FactorAnswer =
  | { totpCode: string }
  | { recoveryCode: string }
  | { passkey: string }
  /** A code `sendMfaCode` sent by text message or email. */
  | { oneTimeCode: string };

/** The factors whose code the API sends (weaker than an app or a passkey), in the order offered. */
type MessageFactor = Extract<MfaFactorKind, 'SMS' | 'EMAIL'>;
const MESSAGE_FACTORS: readonly MessageFactor[] = ['SMS', 'EMAIL'];

const BY_MESSAGE: Record<MessageFactor, { readonly send: string; readonly again: string; readonly field: string }> = {
  SMS: {
    send: 'Send a code by text message',
    again: 'Send a new code by text message',
    field: 'Code from the text message',
  },
  EMAIL: { send: 'Send a code by email', again: 'Send a new code by email', field: 'Code from the email' },
};

/** A code on its way: where to (masked), by what. */
interface Sent {
  readonly factor: MessageFactor;
  readonly sentTo: string;
}

/**
 * The second step of a sign-in or a step-up: a code from the authenticator app, a passkey of this
 * device, a code sent by text message or email (offered last, as weaker), or one of the recovery
 * codes, as `factors` offers. `onAnswer` rejects with the API's refusal, shown here (with the wait
 * of a throttled attempt counted down); a challenge that is over goes to `onExpired`.
 */
export function SecondFactorForm({
  challengeToken,
  factors,
  passkeyOptions,
  submitLabel,
  onAnswer,
  onExpired,
  children,
}: {
  challengeToken: string;
  factors: readonly MfaFactorKind[];
  passkeyOptions: string | null | undefined;
  submitLabel: string;
  onAnswer(answer: FactorAnswer): Promise<void>;
  /** The challenge is too old, or took too many wrong answers (MFA_CHALLENGE_EXPIRED): a new one is needed. */
  onExpired(error: unknown): Promise<void>;
  /** More fields under the code (e.g. "Remember this device"). */
  children?: ReactNode;
}) {
  const offersTotp = factors.includes('TOTP');
  const offersRecovery = factors.includes('RECOVERY_CODE');
  const offersPasskey = factors.includes('PASSKEY') && Boolean(passkeyOptions);
  const messages = MESSAGE_FACTORS.filter((factor) => factors.includes(factor));
  const [mode, setMode] = useState<'totp' | 'recovery' | MessageFactor | null>(
    offersTotp ? 'totp' : !offersPasskey && messages.length === 0 && offersRecovery ? 'recovery' : null,
  );
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const wait = useCountdown(retryAfter(failure));
  const [sent, setSent] = useState<Sent>();
  // When another code may be asked for: the API's resend wait, or its quota's (`throttled`).
  const [resendAt, setResendAt] = useState<number>();
  const [throttled, setThrottled] = useState(false);
  const resendWait = useSecondsUntil(resendAt);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await work();
    } catch (error) {
      setCode('');
      if (isErrorCode(error, 'MFA_CHALLENGE_EXPIRED'))
        await onExpired(error).catch((again: unknown) => setFailure(again));
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = code.trim();
    if (!typed || mode === null) return;
    const answer: FactorAnswer =
      mode === 'recovery'
        ? { recoveryCode: typed }
        : mode === 'totp'
          ? { totpCode: typed.replace(/\s/g, '') }
          : { oneTimeCode: typed.replace(/\s/g, '') };
    void run(() => onAnswer(answer));
  };
  const usePasskey = () => void run(async () => onAnswer({ passkey: await passkeyAnswer(passkeyOptions ?? '') }));
  const send = (factor: MessageFactor) =>
    void run(async () => {
      try {
        const { sendMfaCode } = await api.request(SendMfaCodeDocument, { input: { challengeToken, factor } });
        setSent({ factor, sentTo: sendMfaCode.sentTo });
        setResendAt(Date.now() + sendMfaCode.resendAfterSeconds * 1000);
        setThrottled(false);
        setMode(factor);
      } catch (error) {
        // Asked again too soon, or too many codes: the send buttons wait as long (a code already sent still works).
        if (!isErrorCode(error, 'RATE_LIMITED')) throw error;
        setResendAt(Date.now() + error.details.retryAfterSeconds * 1000);
        setThrottled(true);
      }
    });

  const typing = mode === 'totp' || mode === 'recovery' || (mode !== null && sent?.factor === mode);
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {failure !== undefined && <Alert>{describeError(failure, wait)}</Alert>}
      {throttled && resendWait > 0 && (
        <Alert>Too many codes were asked for. You can ask for another in {seconds(resendWait)}.</Alert>
      )}
      {mode === 'totp' && (
        <Field
          label="Code from your authenticator app"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      )}
      {mode === 'recovery' && (
        <Field
          label="Recovery code"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          autoFocus
          hint="One of the codes you saved when you set up your second factor. Each works once."
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      )}
      {sent && mode === sent.factor && (
        <>
          <Alert kind="info">Sent to {sent.sentTo}. The code works for 10 minutes; only the newest one does.</Alert>
          <Field
            label={BY_MESSAGE[sent.factor].field}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </>
      )}
      {children}
      {typing && (
        <button type="submit" className="btn w-full" disabled={busy || wait > 0 || !code.trim()}>
          {wait > 0 ? `Wait ${wait} s` : submitLabel}
        </button>
      )}
      {offersPasskey && (
        <button
          type="button"
          className={mode === null ? 'btn w-full' : 'btn-secondary w-full'}
          disabled={busy || wait > 0}
          onClick={usePasskey}
        >
          Use a passkey
        </button>
      )}
      <div className="flex flex-wrap justify-center gap-4 text-sm">
        {offersTotp && mode !== 'totp' && (
          <button type="button" className="link" onClick={() => setMode('totp')}>
            Use your authenticator app
          </button>
        )}
        {offersRecovery && mode !== 'recovery' && (
          <button type="button" className="link" onClick={() => setMode('recovery')}>
            Use a recovery code
          </button>
        )}
      </div>
      {messages.length > 0 && (
        <div className="space-y-2 border-t border-slate-200 pt-4">
          {(offersTotp || offersPasskey) && (
            <p className="text-xs text-slate-600">
              <WeakerBadge /> Codes by text message or email are weaker than your app or passkey: use them when you
              cannot use those.
            </p>
          )}
          {messages.map((factor) => (
            <button
              key={factor}
              type="button"
              className={mode === null && !offersPasskey ? 'btn w-full' : 'btn-secondary w-full'}
              disabled={busy || resendWait > 0}
              onClick={() => send(factor)}
            >
              {sent?.factor === factor ? BY_MESSAGE[factor].again : BY_MESSAGE[factor].send}
              {resendWait > 0 && ` (in ${resendWait} s)`}
            </button>
          ))}
        </div>
      )}
    </form>
  );
}

/** Marks a factor weaker than an authenticator app or a passkey (email and SMS codes). */
export function WeakerBadge() {
  return <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">weaker</span>;
}

/**
 * Recovery codes, shown once: listed, copied or downloaded as a text file, then dismissed
 * (the API keeps only their hashes; they cannot be shown again).
 */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone(): void }) {
  const [copied, setCopied] = useState<boolean>();
  const text = `TradeSage recovery codes (each works once)\n\n${codes.join('\n')}\n`;
  const [download, setDownload] = useState<string>();
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    setDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [text]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section aria-labelledby="new-recovery-codes" className="card space-y-4 border-amber-300 bg-amber-50">
      <h2 id="new-recovery-codes" className="text-lg font-semibold">
        Save your recovery codes
      </h2>
      <p className="text-sm text-slate-800">
        If you lose your phone or passkey, each of these codes signs you in once. Keep them somewhere safe: they are
        shown only now.
      </p>
      <ol aria-label="Recovery codes" className="grid grid-cols-2 gap-2 font-mono text-sm sm:grid-cols-5">
        {codes.map((code) => (
          <li key={code} className="rounded border border-amber-200 bg-white px-2 py-1 text-center">
            {code}
          </li>
        ))}
      </ol>
      {copied === true && <Alert kind="success">Copied.</Alert>}
      {copied === false && <Alert>The browser did not allow copying: download them or write them down.</Alert>}
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" onClick={() => void copy()}>
          Copy
        </button>
        {download && (
          <a className="btn-secondary" href={download} download="tradesage-recovery-codes.txt">
            Download as text
          </a>
        )}
        <button type="button" className="btn" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </section>
  );
}
