import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import {
  CompleteSocialSignInDocument,
  ConfirmSocialLinkDocument,
  isErrorCode,
  SignInWithPasskeyDocument,
  SocialProvidersDocument,
  StartPasskeySignInDocument,
  TradeSageError,
  type AuthPayloadFieldsFragment,
  type CompleteSocialSignInMutation,
  type MfaChallengeFieldsFragment,
  type MfaFactorKind,
} from '@tradesage/client';
import { useEffect, useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { api, describeError, retryAfter } from '../../api.ts';
import { SECURITY_PAGE } from '../../components/AppShell.tsx';
import { SecondFactorForm, type FactorAnswer } from '../../components/SecondFactor.tsx';
import { Alert, AuthCard, Field, TextLink, useCountdown } from '../../components/ui.tsx';
import { passkeyAnswer } from '../../mfa.ts';
import { safeReturnPath } from '../../return-path.ts';
import { useSession } from '../../session.tsx';
import { PROVIDER_NAMES, providerNamed, socialErrorMessage, socialStartUrl } from '../../social.ts';
import { rememberTenant, tenantHint, useDomainTenant } from '../../tenant.ts';

const schema = z.object({
  tenant: z.string().trim().min(1, 'Enter your organisation'),
  identifier: z.string().trim().min(1, 'Enter your email address or username'),
  password: z.string().min(1, 'Enter your password'),
});
type Values = z.infer<typeof schema>;

/** The sign-in as part of another page (an application's sign-in): for one organisation, and no navigation after it. */
export interface EmbeddedSignIn {
  readonly tenant: { readonly slug: string; readonly name: string };
  readonly title: string;
  readonly intro?: ReactNode;
  /** The email address or username to start with (an application's `login_hint`). */
  readonly identifier?: string | null;
  readonly footer?: ReactNode;
}

/**
 * Sign in with the organisation (slug or custom domain), an email address or username, and a
 * password, then, for a person with a second factor, its code or passkey (the challenge the
 * password step answered) in the same card. Or, with the organisation alone, with a passkey
 * (passwordless). Served at a tenant's custom domain, the page signs in to that tenant without asking.
 * Signed in, it goes on to `?next=` (a path of this origin only), or stays put when `embedded`:
 * the page around it goes on once the session is there.
 *
 * The organisation's social sign-in providers are offered as links to the gateway's start route,
 * which comes back here: `?social=<ticket>` is redeemed (completeSocialSignIn, a second factor
 * asked as after a password) and goes on to `?return=`; `?socialLink=<token>` (an account with the
 * provider's address exists) asks for this account's own sign-in, then links the provider
 * (confirmSocialLink); `?socialError=<code>` says why the provider's sign-in was refused.
 */
export function SignIn({ embedded }: { embedded?: EmbeddedSignIn } = {}) {
  const { session, reload } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<unknown>();
  const [challenge, setChallenge] = useState<MfaChallengeFieldsFragment & { tenant: string }>();
  const [passkeyBusy, setPasskeyBusy] = useState(false);
  const wait = useCountdown(retryAfter(failure));
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      tenant: embedded?.tenant.slug ?? tenantHint(params),
      identifier: embedded?.identifier ?? params.get('email') ?? '',
      password: '',
    },
  });
  const { errors, isSubmitting } = form.formState;
  const domainTenant = useDomainTenant();
  // The organisation the page signs in to without asking: the embedding page's, or the custom domain's.
  const fixedTenant = embedded ? embedded.tenant : domainTenant;
  useEffect(() => {
    if (domainTenant && !embedded) form.setValue('tenant', domainTenant.slug);
  }, [domainTenant, embedded, form]);
  const location = useLocation();
  // `return`: where a social sign-in started (the gateway hands it back with the ticket).
  const next = safeReturnPath(params.get('next') ?? params.get('return'), '/account');
  const socialTicket = embedded ? null : params.get('social');
  const linkToken = embedded ? null : params.get('socialLink');
  const linkProvider = providerNamed(params.get('provider'));
  const socialError = embedded ? null : params.get('socialError');
  const [socialFailure, setSocialFailure] = useState<unknown>();
  const providers = useSocialProviders(fixedTenant ? fixedTenant.slug : form.watch('tenant').trim());

  /** Signed in: to the page asked for, or to set up a second factor when the tenant requires one first. */
  const signedIn = async (tenant: string, payload: AuthPayloadFieldsFragment) => {
    rememberTenant(tenant);
    await reload();
    if (embedded) return;
    if (linkToken) {
      // This account's own sign-in, just now, proves it is the person's: the provider is linked.
      navigate(await confirmLink(linkToken, linkProvider), { replace: true });
      return;
    }
    navigate(payload.mfaEnrolmentRequiredBy ? SECURITY_PAGE : next, { replace: true });
  };

  // The callback's ticket, redeemed once (and gone from the address, so a reload does not try again).
  const forgetTicket = () => {
    const rest = new URLSearchParams(params);
    rest.delete('social');
    navigate({ search: rest.toString() }, { replace: true });
  };
  // Once the session this tab resumed at load is known: that resumption must not overwrite this sign-in.
  const settled = session.status !== 'loading';
  useEffect(() => {
    if (!socialTicket || !settled) return;
    const tenant = params.get('tenant') ?? '';
    let live = true;
    redeemTicket(socialTicket).then(
      async (answer) => {
        if (!live) return;
        if (answer.__typename === 'AuthPayload') {
          api.adopt(answer);
          await signedIn(tenant, answer);
          return;
        }
        setChallenge({ ...answer, tenant });
        forgetTicket();
      },
      (error: unknown) => {
        if (!live) return;
        setSocialFailure(error);
        forgetTicket();
      },
    );
    return () => {
      live = false;
    };
  }, [socialTicket, settled]); // Only a new ticket starts this again.

  if (session.status === 'signed-in' && !embedded && !socialTicket && !linkToken) return <Navigate to={next} replace />;

  const submit = form.handleSubmit(async ({ tenant, identifier, password }) => {
    setFailure(undefined);
    try {
      const who = identifier.includes('@') ? { email: identifier } : { username: identifier };
      const answer = await api.signIn({ tenant, password, ...who });
      if (answer.__typename === 'MfaChallenge') setChallenge({ ...answer, tenant });
      else await signedIn(tenant, answer);
    } catch (error) {
      setFailure(error);
    }
    form.setValue('password', '');
  });

  const signInWithPasskey = async () => {
    setFailure(undefined);
    if (!(await form.trigger('tenant'))) return;
    const tenant = form.getValues('tenant').trim();
    setPasskeyBusy(true);
    try {
      const { startPasskeySignIn } = await api.request(StartPasskeySignInDocument, { tenant });
      const passkey = await passkeyAnswer(startPasskeySignIn.passkeyOptions);
      const { signInWithPasskey: payload } = await api.request(SignInWithPasskeyDocument, {
        input: { challengeToken: startPasskeySignIn.challengeToken, passkey, refreshTokenDelivery: 'COOKIE' },
      });
      api.adopt(payload);
      await signedIn(tenant, payload);
    } catch (error) {
      setFailure(error);
    } finally {
      setPasskeyBusy(false);
    }
  };

  if (challenge)
    return (
      <SecondStep
        challenge={challenge}
        onSignedIn={(payload) => signedIn(challenge.tenant, payload)}
        onRestart={(reason) => {
          setChallenge(undefined);
          setFailure(reason);
        }}
      />
    );

  if (socialTicket && socialFailure === undefined)
    return (
      <AuthCard title="Signing you in">
        <p role="status" className="text-sm text-slate-700">
          Signing you in…
        </p>
      </AuthCard>
    );

  const notice = session.status === 'signed-out' ? session.notice : undefined;
  const linkName = linkProvider ? PROVIDER_NAMES[linkProvider] : 'the provider';
  // Where a social sign-in comes back to: this page's own address when embedded (an application's sign-in).
  const socialReturn = embedded ? `${location.pathname}${location.search}` : next;
  const socialSlug = fixedTenant ? fixedTenant.slug : form.watch('tenant').trim();
  return (
    <AuthCard
      title={embedded?.title ?? (domainTenant ? `Sign in to ${domainTenant.name}` : 'Sign in')}
      footer={
        embedded ? (
          embedded.footer
        ) : (
          <>
            New here? <TextLink to={`/sign-up${tenantQuery(form.watch('tenant'))}`}>Create an account</TextLink>
          </>
        )
      }
    >
      {embedded?.intro}
      <form onSubmit={submit} noValidate className="space-y-4">
        {notice && !failure && <Alert kind="info">{notice}</Alert>}
        {linkToken && (
          <Alert kind="info">
            An account with this email address exists already. Sign in to it with your password to link your {linkName}{' '}
            account: after that, {linkName} signs you in too.
          </Alert>
        )}
        {socialError && failure === undefined && <Alert>{socialErrorMessage(socialError)}</Alert>}
        {socialFailure !== undefined && failure === undefined && <Alert>{ticketFailure(socialFailure)}</Alert>}
        {failure !== undefined && <Alert>{describeError(failure, wait)}</Alert>}
        {fixedTenant === null ? (
          <Field
            label="Organisation"
            autoComplete="organization"
            error={errors.tenant?.message}
            {...form.register('tenant')}
          />
        ) : (
          <input type="hidden" {...form.register('tenant')} />
        )}
        <Field
          label="Email address or username"
          autoComplete="username"
          error={errors.identifier?.message}
          {...form.register('identifier')}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors.password?.message}
          {...form.register('password')}
        />
        <div className="flex items-center justify-between">
          <TextLink to={`/forgot-password${tenantQuery(form.watch('tenant'))}`}>Forgot your password?</TextLink>
          <button type="submit" className="btn" disabled={isSubmitting || wait > 0}>
            {wait > 0 ? `Wait ${wait} s` : isSubmitting ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
        <div className="border-t border-slate-200 pt-4">
          <button
            type="button"
            className="btn-secondary w-full"
            disabled={passkeyBusy || isSubmitting || wait > 0}
            onClick={() => void signInWithPasskey()}
          >
            Continue with a passkey
          </button>
          {!linkToken && providers.length > 0 && (
            <ul aria-label="Other ways to sign in" className="mt-3 space-y-3">
              {providers.map((provider) => (
                <li key={provider}>
                  <a
                    className="btn-secondary block w-full text-center"
                    href={socialStartUrl(socialSlug, provider, socialReturn)}
                  >
                    Continue with {PROVIDER_NAMES[provider]}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      </form>
    </AuthCard>
  );
}

/**
 * The second step: the password was right, and the account has a second factor. A challenge
 * that expired (or ended after too many wrong answers) sends the person back to the password.
 */
function SecondStep({
  challenge,
  onSignedIn,
  onRestart,
}: {
  challenge: MfaChallengeFieldsFragment;
  onSignedIn(payload: AuthPayloadFieldsFragment): Promise<void>;
  onRestart(reason: unknown): void;
}) {
  const [remember, setRemember] = useState(false);
  const answer = async (input: FactorAnswer) => {
    const payload = await api.completeSignIn({
      challengeToken: challenge.challengeToken,
      ...input,
      rememberDevice: remember,
    });
    await onSignedIn(payload);
  };
  return (
    <AuthCard
      title="Confirm it is you"
      footer={
        <button type="button" className="link" onClick={() => onRestart(undefined)}>
          Back to sign in
        </button>
      }
    >
      <p className="mb-4 text-sm text-slate-700">Your account has a second factor. {howToAnswer(challenge.factors)}</p>
      <SecondFactorForm
        challengeToken={challenge.challengeToken}
        factors={challenge.factors}
        passkeyOptions={challenge.passkeyOptions}
        submitLabel="Verify"
        onAnswer={answer}
        onExpired={async (error) => onRestart(error)}
      >
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          <span>
            Remember this device
            <span className="block text-xs text-slate-600">
              Skip this step in this browser for a while. Only on a device nobody else uses.
            </span>
          </span>
        </label>
      </SecondFactorForm>
    </AuthCard>
  );
}

function howToAnswer(factors: readonly MfaFactorKind[]): string {
  const app = factors.includes('TOTP');
  const passkey = factors.includes('PASSKEY');
  const sms = factors.includes('SMS');
  const email = factors.includes('EMAIL');
  if (app && passkey) return 'Enter the code your authenticator app shows now, or use a passkey.';
  if (app) return 'Enter the code your authenticator app shows now.';
  if (passkey) return 'Use your passkey.';
  if (sms && email) return 'Ask for a code by text message or by email, then enter it.';
  if (sms) return 'Ask for a code by text message, then enter it.';
  if (email) return 'Ask for a code by email, then enter it.';
  return 'Enter one of your recovery codes.';
}

/** The organisation's social sign-in providers (none while its name is typed, or for one unknown). */
function useSocialProviders(typed: string) {
  const [slug, setSlug] = useState(typed);
  // Asked once the typing pauses, not at each key.
  useEffect(() => {
    const timer = setTimeout(() => setSlug(typed), 400);
    return () => clearTimeout(timer);
  }, [typed]);
  const providers = useQuery({
    queryKey: ['socialProviders', slug],
    queryFn: ({ signal }) => api.request(SocialProvidersDocument, { tenant: slug }, { signal }),
    enabled: slug !== '' && slug === typed,
    staleTime: 60_000,
  });
  return slug === typed ? (providers.data?.socialProviders ?? []) : [];
}

type SocialSignInResult = CompleteSocialSignInMutation['completeSocialSignIn'];
const redeeming = new Map<string, Promise<SocialSignInResult>>();

/** Redeems a ticket once per page (it is single-use; React may run an effect twice). */
function redeemTicket(ticket: string): Promise<SocialSignInResult> {
  let answer = redeeming.get(ticket);
  if (!answer) {
    answer = api
      .request(CompleteSocialSignInDocument, { input: { ticket, refreshTokenDelivery: 'COOKIE' } })
      .then(({ completeSocialSignIn }) => completeSocialSignIn);
    redeeming.set(ticket, answer);
  }
  return answer;
}

/** A ticket refused: unknown, used or expired is INVALID_CREDENTIALS, which here means the sign-in went stale. */
function ticketFailure(error: unknown): string {
  if (isErrorCode(error, 'INVALID_CREDENTIALS'))
    return 'That sign-in took too long to finish, or was used already. Start it again.';
  return describeError(error);
}

/**
 * Links the provider whose sign-in found this account (its own sign-in just now proved it is the
 * person's): where to go next, the security page saying it is linked, or why it is not.
 */
async function confirmLink(token: string, provider: string | undefined): Promise<string> {
  try {
    const { confirmSocialLink } = await api.request(ConfirmSocialLinkDocument, { token });
    return `${SECURITY_PAGE}?${new URLSearchParams({ socialLinked: confirmSocialLink.provider }).toString()}`;
  } catch (error) {
    const code = error instanceof TradeSageError ? error.code : 'INTERNAL_SERVER_ERROR';
    return `${SECURITY_PAGE}?${new URLSearchParams({ socialError: code, ...(provider ? { provider } : {}) }).toString()}`;
  }
}

function tenantQuery(tenant: string): string {
  return tenant ? `?tenant=${encodeURIComponent(tenant)}` : '';
}
