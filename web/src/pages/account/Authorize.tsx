import { useQuery } from '@tanstack/react-query';
import { isErrorCode, MyMfaDocument, TradeSageError } from '@tradesage/client';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { api, describeError } from '../../api.ts';
import { SECURITY_PAGE } from '../../components/AppShell.tsx';
import { STEP_UP_CANCELLED, useConfirmIdentity } from '../../components/StepUp.tsx';
import { Alert, AuthCard, TextLink } from '../../components/ui.tsx';
import {
  cancelApplicationSignIn,
  describeScope,
  goTo,
  interactionDetails,
  signInToApplication,
  type InteractionDetails,
  type InteractionStep,
} from '../../oauth.ts';
import { useSession, type Viewer } from '../../session.tsx';
import { SignIn } from './SignIn.tsx';

/** The interaction of this page: its tenant (slug), its id, and what the provider says of it. */
interface Interaction {
  readonly slug: string;
  readonly uid: string;
  readonly details: InteractionDetails;
}

/**
 * An application's sign-in (OpenID Connect), where the tenant's provider sends the person:
 * `/account/authorize?tenant=<slug>&uid=<uid>`. Signed out, the sign-in form for that organisation
 * (second factor included); signed in, the page hands its session to the provider at once, so a
 * person already signed in goes straight back to the application without a click. A third-party
 * application asks consent first; an application that wants a recent sign-in or a second factor
 * gets the step-up dialog. Cancelling sends the application `access_denied`.
 */
export function Authorize() {
  const [params] = useSearchParams();
  const slug = params.get('tenant') ?? '';
  const uid = params.get('uid') ?? '';
  const { session } = useSession();
  const [cancelFailure, setCancelFailure] = useState<unknown>();
  const details = useQuery({
    queryKey: ['interaction', slug, uid],
    queryFn: ({ signal }) => interactionDetails(slug, uid, signal),
    enabled: slug !== '' && uid !== '',
    staleTime: Infinity,
  });

  if (!slug || !uid)
    return (
      <AuthCard title="This link is incomplete">
        <p className="text-sm text-slate-700">Go back to the application you came from and sign in from there again.</p>
      </AuthCard>
    );
  if (details.isError) return <Failed error={details.error} onRetry={() => void details.refetch()} />;
  if (cancelFailure !== undefined) return <Failed error={cancelFailure} />;
  if (details.isPending || session.status === 'loading')
    return (
      <AuthCard title="Sign in">
        <p role="status" className="text-sm text-slate-600">
          Loading…
        </p>
      </AuthCard>
    );

  const interaction: Interaction = { slug, uid, details: details.data };
  const { client, tenant } = details.data;
  if (session.status === 'signed-out')
    return (
      <SignIn
        embedded={{
          tenant,
          title: `Sign in to ${client.name}`,
          identifier: details.data.loginHint,
          intro: (
            <p className="mb-4 text-sm text-slate-700">
              {client.name} uses your {tenant.name} account. Sign in to continue.
            </p>
          ),
          footer: <CancelButton interaction={interaction} onFailed={setCancelFailure} />,
        }}
      />
    );
  return <Continue key={session.viewer.id} interaction={interaction} viewer={session.viewer} />;
}

/** Where a signed-in person's sign-in to the application is. */
type Step =
  | { readonly kind: 'signing-in' }
  | { readonly kind: 'consent'; readonly scopes: readonly string[]; readonly alreadyGiven: readonly string[] }
  | { readonly kind: 'leaving' }
  /** The application wants a second factor, and the person has none. */
  | { readonly kind: 'no-second-factor' }
  | { readonly kind: 'failed'; readonly error: unknown };

/** The signed-in person goes on to the application: consent when asked, step-up when needed. */
function Continue({ interaction, viewer }: { interaction: Interaction; viewer: Viewer }) {
  const { slug, uid, details } = interaction;
  const { client } = details;
  const { signOut } = useSession();
  const confirmIdentity = useConfirmIdentity();
  const [step, setStep] = useState<Step>({ kind: 'signing-in' });
  const started = useRef(false);
  // Gone (the person chose another account meanwhile): an answer still on its way is not followed.
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const follow = useCallback((answer: InteractionStep) => {
    if (!live.current) return;
    if (answer.kind === 'consent') {
      setStep({ kind: 'consent', scopes: answer.scopes, alreadyGiven: answer.alreadyGiven });
      return;
    }
    setStep({ kind: 'leaving' });
    if (!goTo(answer.redirectTo))
      setStep({ kind: 'failed', error: new TradeSageError('BAD_RESPONSE', 'Not an address to go back to') });
  }, []);

  /** Signs in to the application (`consent`: the answer of the consent screen); steps up once when asked. */
  const proceed = useCallback(
    async (consent?: boolean) => {
      setStep({ kind: 'signing-in' });
      let refusal: TradeSageError<'STEP_UP_REQUIRED'>;
      try {
        follow(await signInToApplication(slug, uid, consent));
        return;
      } catch (error) {
        if (!isErrorCode(error, 'STEP_UP_REQUIRED')) {
          setStep({ kind: 'failed', error });
          return;
        }
        refusal = error;
      }
      try {
        if (wantsSecondFactor(details, refusal) && !(await hasSecondFactor())) {
          setStep({ kind: 'no-second-factor' });
          return;
        }
        await confirmIdentity(`${client.name} asks you to confirm it is you.`);
        follow(await signInToApplication(slug, uid, consent));
      } catch (error) {
        setStep({ kind: 'failed', error: error === STEP_UP_CANCELLED ? refusal : error });
      }
    },
    [slug, uid, details, client.name, confirmIdentity, follow],
  );

  useEffect(() => {
    // Once per person and page: StrictMode runs effects twice in development.
    if (started.current) return;
    started.current = true;
    void proceed();
  }, [proceed]);

  const otherAccount = (
    <button type="button" className="link" onClick={() => void signOut()}>
      Not you? Use another account
    </button>
  );
  const cancel = <CancelButton interaction={interaction} onFailed={(error) => setStep({ kind: 'failed', error })} />;
  const who = (
    <>
      <strong className="font-semibold">{viewer.email}</strong> ({viewer.tenant.name})
    </>
  );

  switch (step.kind) {
    case 'signing-in':
    case 'leaving':
      return (
        <AuthCard title={`Sign in to ${client.name}`} footer={cancel}>
          <div className="space-y-4">
            <p className="text-sm text-slate-700">
              Signing in to {client.name} as {who}.
            </p>
            <p role="status" className="text-sm text-slate-600">
              {step.kind === 'leaving' ? `Taking you back to ${client.name}…` : 'One moment…'}
            </p>
            {otherAccount}
          </div>
        </AuthCard>
      );
    case 'consent':
      return (
        <Consent
          interaction={interaction}
          who={who}
          scopes={step.scopes}
          alreadyGiven={step.alreadyGiven}
          onAnswer={(allow) => void proceed(allow)}
          otherAccount={otherAccount}
        />
      );
    case 'no-second-factor':
      return (
        <AuthCard title={`${client.name} needs a second factor`} footer={cancel} focusTitle>
          <div className="space-y-4">
            <Alert>
              {client.name} asks for a sign-in with a second factor, and your account has none yet. Set one up on your{' '}
              <TextLink to={SECURITY_PAGE}>security page</TextLink>, then sign in to {client.name} again from the
              application.
            </Alert>
            {otherAccount}
          </div>
        </AuthCard>
      );
    case 'failed':
      return (
        <Failed
          error={step.error}
          interaction={interaction}
          viewer={viewer}
          onRetry={() => void proceed()}
          onSignOut={() => void signOut()}
          cancel={cancel}
        />
      );
  }
}

/** The application wants a second factor (`acr_values=aal2`), as the details or the refusal say. */
function wantsSecondFactor(details: InteractionDetails, refusal: TradeSageError<'STEP_UP_REQUIRED'>): boolean {
  const asked = refusal.details as unknown as { secondFactor?: unknown } | undefined;
  return details.requiredAcr === 'aal2' || asked?.secondFactor === true;
}

async function hasSecondFactor(): Promise<boolean> {
  const { me } = await api.request(MyMfaDocument);
  return (me.mfa?.factors.length ?? 0) > 0;
}

/** A third-party application asks to act for the person: what it asks, and Allow or Deny. */
function Consent({
  interaction,
  who,
  scopes,
  alreadyGiven,
  onAnswer,
  otherAccount,
}: {
  interaction: Interaction;
  who: ReactNode;
  scopes: readonly string[];
  alreadyGiven: readonly string[];
  onAnswer(allow: boolean): void;
  otherAccount: ReactNode;
}) {
  const { client, tenant } = interaction.details;
  const [busy, setBusy] = useState(false);
  const answer = (allow: boolean) => {
    setBusy(true);
    onAnswer(allow);
  };
  const described = scopes.map((scope) => ({ scope, ...describeScope(scope), given: alreadyGiven.includes(scope) }));
  const acting = described.some((s) => s.api);
  return (
    <AuthCard title={`Allow ${client.name} to use your account?`} focusTitle>
      <div className="space-y-4 text-sm text-slate-700">
        <p>
          You are signed in as {who}. {client.name} is an application that is not part of {tenant.name}. It asks to:
        </p>
        <ul aria-label={`What ${client.name} asks for`} className="list-disc space-y-1 pl-5 text-slate-900">
          {described.map(({ scope, text, given }) => (
            <li key={scope}>
              {text}
              {given && <span className="text-slate-600"> (allowed before)</span>}
            </li>
          ))}
        </ul>
        {acting && (
          <p>
            It acts as you, with no more than you may do yourself. You can stop it at any time by ending its session on
            your account page.
          </p>
        )}
        <p>Allow only applications you trust.</p>
        <div className="flex flex-wrap items-center justify-end gap-3">
          <button type="button" className="btn-secondary" disabled={busy} onClick={() => answer(false)}>
            Deny
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => answer(true)}>
            Allow
          </button>
        </div>
        {otherAccount}
      </div>
    </AuthCard>
  );
}

/** Cancel: the application gets `access_denied`, and the person goes back to it. */
function CancelButton({ interaction, onFailed }: { interaction: Interaction; onFailed(error: unknown): void }) {
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    setBusy(true);
    try {
      const answer = await cancelApplicationSignIn(interaction.slug, interaction.uid);
      if (answer.kind !== 'redirect' || !goTo(answer.redirectTo))
        throw new TradeSageError('BAD_RESPONSE', 'Not an address to go back to');
    } catch (error) {
      setBusy(false);
      onFailed(error);
    }
  };
  return (
    <button type="button" className="link" disabled={busy} onClick={() => void cancel()}>
      {busy ? 'Cancelling…' : `Cancel and go back to ${interaction.details.client.name}`}
    </button>
  );
}

/** Why the application's sign-in cannot go on, and what the person can do about it. */
function Failed({
  error,
  interaction,
  viewer,
  onRetry,
  onSignOut,
  cancel,
}: {
  error: unknown;
  interaction?: Interaction;
  viewer?: Viewer;
  onRetry?: () => void;
  onSignOut?: () => void;
  cancel?: ReactNode;
}) {
  const app = interaction?.details.client.name ?? 'the application';
  const tenant = interaction?.details.tenant.name;
  if (isErrorCode(error, 'OAUTH_INTERACTION_NOT_FOUND'))
    return (
      <AuthCard title="This sign-in has ended" focusTitle>
        <Alert>It took too long, or it was finished already. Go back to {app} and sign in from there again.</Alert>
      </AuthCard>
    );
  if (isErrorCode(error, 'NOT_FOUND'))
    return (
      <AuthCard title="No such organisation" focusTitle>
        <Alert>The link names an organisation that does not exist. Go back to the application you came from.</Alert>
      </AuthCard>
    );
  if (isErrorCode(error, 'OAUTH_TENANT_MISMATCH') && viewer && onSignOut)
    return (
      <AuthCard title={`Sign in to ${app}`} footer={cancel} focusTitle>
        <div className="space-y-4">
          <Alert>
            You are signed in to {viewer.tenant.name}, but {app} signs you in with your {tenant} account.
          </Alert>
          <button type="button" className="btn w-full" onClick={onSignOut}>
            Sign out and sign in to {tenant}
          </button>
        </div>
      </AuthCard>
    );
  if (isErrorCode(error, 'MFA_ENROLMENT_REQUIRED'))
    return (
      <AuthCard title="Set up a second factor first" footer={cancel} focusTitle>
        <Alert>
          Your organisation requires a second factor before you sign in to applications. Set one up on your{' '}
          <TextLink to={SECURITY_PAGE}>security page</TextLink>, then sign in to {app} again from the application.
        </Alert>
      </AuthCard>
    );
  if (isErrorCode(error, 'STEP_UP_REQUIRED'))
    return (
      <AuthCard title={`Sign in to ${app}`} footer={cancel} focusTitle>
        <div className="space-y-4">
          <Alert>
            {(error.details as unknown as { secondFactor?: unknown } | undefined)?.secondFactor === true
              ? `${app} asks for a sign-in with your second factor.`
              : `${app} asks for a recent sign-in.`}{' '}
            Confirm it is you to go on.
          </Alert>
          {onRetry && (
            <button type="button" className="btn w-full" onClick={onRetry}>
              Confirm it is me
            </button>
          )}
        </div>
      </AuthCard>
    );
  if (isErrorCode(error, 'UNAUTHENTICATED', 'INVALID_REFRESH_TOKEN') && onSignOut)
    return (
      <AuthCard title={`Sign in to ${app}`} footer={cancel} focusTitle>
        <div className="space-y-4">
          <Alert>Your session has ended. Sign in again to continue.</Alert>
          <button type="button" className="btn w-full" onClick={onSignOut}>
            Sign in again
          </button>
        </div>
      </AuthCard>
    );
  return (
    <AuthCard title={`Sign in to ${app}`} footer={cancel} focusTitle>
      <div className="space-y-4">
        <Alert>{describeError(error)}</Alert>
        {onRetry && (
          <button type="button" className="btn w-full" onClick={onRetry}>
            Try again
          </button>
        )}
      </div>
    </AuthCard>
  );
}
