import { StartStepUpDocument } from '@tradesage/client';
import { useState, type FormEvent } from 'react';
import { api, describeError, retryAfter } from '../api.ts';
import { Modal } from './Modal.tsx';
import { SecondFactorForm, type FactorAnswer } from './SecondFactor.tsx';
import type { PendingStepUp } from './StepUp.tsx';
import { Alert, Field, useCountdown } from './ui.tsx';

/** The step-up dialog of StepUpProvider: the second factor, or the password. */
export function StepUpDialog({ pending }: { pending: PendingStepUp }) {
  const [challenge, setChallenge] = useState(pending.challenge);
  const [restarted, setRestarted] = useState(false);
  // Null when the person has no second factor: the password confirms instead.
  const challengeToken = challenge?.challengeToken;

  const answer = async (input: FactorAnswer) => {
    await api.stepUp({ challengeToken: challengeToken ?? null, ...input });
    pending.resolve();
  };
  // Too old or too many wrong answers: a new challenge, and the person tries again.
  const restart = async () => {
    setChallenge((await api.request(StartStepUpDocument)).startStepUp);
    setRestarted(true);
  };

  return (
    <Modal open onClose={() => pending.cancel()} title="Confirm it is you">
      <div className="space-y-4">
        <p className="text-sm text-slate-700">
          {pending.reason ?? 'This change needs a recent sign-in.'}{' '}
          {challengeToken ? 'Confirm with your second factor to go on.' : 'Enter your password to go on.'}
        </p>
        {restarted && <Alert kind="info">That took too long, or there were too many wrong answers: try again.</Alert>}
        {challenge && challengeToken ? (
          <SecondFactorForm
            key={challengeToken}
            challengeToken={challengeToken}
            factors={challenge.factors}
            passkeyOptions={challenge.passkeyOptions}
            submitLabel="Confirm"
            onAnswer={answer}
            onExpired={restart}
          />
        ) : (
          <PasswordStepUp onConfirmed={pending.resolve} />
        )}
        <button type="button" className="btn-secondary w-full" onClick={() => pending.cancel()}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}

function PasswordStepUp({ onConfirmed }: { onConfirmed(): void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const wait = useCountdown(retryAfter(failure));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await api.stepUp({ password });
      onConfirmed();
    } catch (error) {
      setFailure(error);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {failure !== undefined && <Alert>{describeError(failure, wait)}</Alert>}
      <Field
        label="Your password"
        type="password"
        autoComplete="current-password"
        autoFocus
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="btn w-full" disabled={busy || wait > 0 || !password}>
        {wait > 0 ? `Wait ${wait} s` : 'Confirm'}
      </button>
    </form>
  );
}
