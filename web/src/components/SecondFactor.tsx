import type { MfaFactorKind } from '@tradesage/client';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { describeError, retryAfter } from '../api.ts';
import { passkeyAnswer } from '../mfa.ts';
import { Alert, Field, useCountdown } from './ui.tsx';

/** One answer with a second factor, as `completeSignIn` and `completeStepUp` take it. */
export type FactorAnswer = { totpCode: string } | { recoveryCode: string } | { passkey: string };

/**
 * The second step of a sign-in or a step-up: a code from the authenticator app, a passkey of this
 * device, or one of the recovery codes, as `factors` offers. `onAnswer` rejects with the API's
 * refusal, shown here (with the wait of a throttled attempt counted down).
 */
export function SecondFactorForm({
  factors,
  passkeyOptions,
  submitLabel,
  onAnswer,
  children,
}: {
  factors: readonly MfaFactorKind[];
  passkeyOptions: string | null | undefined;
  submitLabel: string;
  onAnswer(answer: FactorAnswer): Promise<void>;
  /** More fields under the code (e.g. "Remember this device"). */
  children?: ReactNode;
}) {
  const offersTotp = factors.includes('TOTP');
  const offersRecovery = factors.includes('RECOVERY_CODE');
  const offersPasskey = factors.includes('PASSKEY') && Boolean(passkeyOptions);
  const [mode, setMode] = useState<'totp' | 'recovery' | null>(offersTotp ? 'totp' : null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const wait = useCountdown(retryAfter(failure));

  const answer = async (make: () => Promise<FactorAnswer>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await onAnswer(await make());
    } catch (error) {
      setFailure(error);
      setCode('');
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = code.trim();
    if (!typed) return;
    void answer(async () => (mode === 'recovery' ? { recoveryCode: typed } : { totpCode: typed.replace(/\s/g, '') }));
  };
  const usePasskey = () => void answer(async () => ({ passkey: await passkeyAnswer(passkeyOptions ?? '') }));

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {failure !== undefined && <Alert>{describeError(failure, wait)}</Alert>}
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
      {children}
      {mode !== null && (
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
        {offersRecovery && mode !== 'recovery' && (
          <button type="button" className="link" onClick={() => setMode('recovery')}>
            Use a recovery code
          </button>
        )}
        {offersTotp && mode !== 'totp' && (
          <button type="button" className="link" onClick={() => setMode('totp')}>
            Use your authenticator app
          </button>
        )}
      </div>
    </form>
  );
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
