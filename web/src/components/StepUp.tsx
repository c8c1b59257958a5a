import { isErrorCode, StartStepUpDocument, type StartStepUpMutation } from '@tradesage/client';
import {
  createContext,
  lazy,
  Suspense,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { api } from '../api.ts';

/** The dialog, loaded the first time it is needed (it carries Headless UI's Dialog). */
const StepUpDialog = lazy(async () => ({ default: (await import('./StepUpDialog.tsx')).StepUpDialog }));

export type StepUpChallenge = StartStepUpMutation['startStepUp'];

/** Runs `operation`; answered STEP_UP_REQUIRED, asks the person to confirm it is them, then runs it once more. */
export type WithStepUp = <T>(operation: () => Promise<T>) => Promise<T>;

/** A step-up the dialog asks for. */
export interface PendingStepUp {
  /** The step-up's challenge (second factor), or null: the password. */
  readonly challenge: StepUpChallenge | null;
  /** Why the person is asked, when not for a change of their own (an application's sign-in). */
  readonly reason?: string | undefined;
  /** The person confirmed: `api.stepUp` took the new access token. */
  resolve(): void;
  cancel(): void;
}

/**
 * Asks the person to confirm it is them, for `reason`: the second factor when they have one, else
 * the password (whichever `startStepUp` answers). Resolves once `api.stepUp` took the new access
 * token; rejects with STEP_UP_CANCELLED when they cancel.
 */
export type ConfirmIdentity = (reason: string) => Promise<void>;

/** What ConfirmIdentity rejects with when the person cancels. */
export const STEP_UP_CANCELLED = new Error('step-up cancelled');
const CANCELLED = STEP_UP_CANCELLED;

const StepUpContext = createContext<{ withStepUp: WithStepUp; confirmIdentity: ConfirmIdentity } | null>(null);

/**
 * Step-up for the whole app: sensitive operations (second factors, password, roles, settings,
 * deleting a user, resetting someone's MFA) need a recent strong sign-in, and answer
 * STEP_UP_REQUIRED otherwise (RFC 9470). One dialog, shared by every screen through `useStepUp`:
 * the second factor (the challenge of `startStepUp`) when the person has one, else the password;
 * `api.stepUp` then takes the new access token, and the operation runs once more. Operations
 * refused together share one dialog. Cancelled, the operation's refusal stands.
 */
export function StepUpProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<PendingStepUp | null>(null);
  const confirming = useRef<Promise<void> | null>(null);

  const confirm = useCallback((secondFactor: boolean, reason?: string): Promise<void> => {
    confirming.current ??= (async () => {
      try {
        const challenge = secondFactor ? (await api.request(StartStepUpDocument)).startStepUp : null;
        await new Promise<void>((resolve, reject) =>
          setPending({ challenge, reason, resolve, cancel: () => reject(CANCELLED) }),
        );
      } finally {
        confirming.current = null;
        setPending(null);
      }
    })();
    return confirming.current;
  }, []);

  const withStepUp = useCallback<WithStepUp>(
    async (operation) => {
      try {
        return await operation();
      } catch (error) {
        if (!isErrorCode(error, 'STEP_UP_REQUIRED')) throw error;
        try {
          // `secondFactor`: the second factor is asked for, rather than the password.
          await confirm(error.details.secondFactor);
        } catch (cancelled) {
          throw cancelled === CANCELLED ? error : cancelled;
        }
        return operation();
      }
    },
    [confirm],
  );
  // startStepUp answers with no challenge when the person has no second factor: the password then.
  const confirmIdentity = useCallback<ConfirmIdentity>((reason) => confirm(true, reason), [confirm]);
  const value = useMemo(() => ({ withStepUp, confirmIdentity }), [withStepUp, confirmIdentity]);

  return (
    <StepUpContext.Provider value={value}>
      {children}
      {pending && (
        <Suspense fallback={null}>
          <StepUpDialog pending={pending} />
        </Suspense>
      )}
    </StepUpContext.Provider>
  );
}

/** `withStepUp(operation)`: see StepUpProvider. */
export function useStepUp(): WithStepUp {
  const value = useContext(StepUpContext);
  if (!value) throw new Error('useStepUp outside StepUpProvider');
  return value.withStepUp;
}

/** `confirmIdentity(reason)`: see ConfirmIdentity. */
export function useConfirmIdentity(): ConfirmIdentity {
  const value = useContext(StepUpContext);
  if (!value) throw new Error('useConfirmIdentity outside StepUpProvider');
  return value.confirmIdentity;
}
