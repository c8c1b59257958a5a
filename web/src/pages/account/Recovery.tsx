import { zodResolver } from '@hookform/resolvers/zod';
import {
  AcceptInvitationDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  VerifyEmailDocument,
} from '@tradesage/client';
import { useEffect, useRef, useState } from 'react';
import { useForm, type UseFormReturn } from 'react-hook-form';
import { useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { api, describeError, retryAfter } from '../../api.ts';
import {
  NewPasswordField,
  usePasswordRequirements,
  type PasswordRequirements,
} from '../../components/PasswordField.tsx';
import { Alert, AuthCard, Field, TextLink, useCountdown } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';
import { rememberTenant, tenantHint } from '../../tenant.ts';

const newPassword = z
  .object({ password: z.string().min(1, 'Enter a password'), confirm: z.string() })
  .refine((values) => values.password === values.confirm, { path: ['confirm'], message: 'The passwords differ' });
type NewPassword = z.infer<typeof newPassword>;

/**
 * The form of a page that sets a password from an emailed link. The link names the tenant whose
 * rules apply (not the last one signed in to, which may differ): they are shown as the person types.
 */
function useLinkPasswordForm(params: URLSearchParams) {
  const requirements = usePasswordRequirements(params.get('tenant') ?? undefined);
  const form = useForm<NewPassword>({
    resolver: zodResolver(newPassword),
    defaultValues: { password: '', confirm: '' },
  });
  return { form, requirements };
}

/** The new password and its repetition, `label` and "`label` again". */
function NewPasswordPair({
  form,
  requirements,
  failure,
  label,
}: {
  form: UseFormReturn<NewPassword>;
  requirements: PasswordRequirements | undefined;
  failure: unknown;
  label: string;
}) {
  const { errors } = form.formState;
  return (
    <>
      <NewPasswordField
        label={label}
        error={errors.password?.message}
        refusal={failure}
        requirements={requirements}
        typed={form.watch('password')}
        {...form.register('password')}
      />
      <Field
        label={`${label} again`}
        type="password"
        autoComplete="new-password"
        error={errors.confirm?.message}
        {...form.register('confirm')}
      />
    </>
  );
}

/** "Forgot your password?": a reset link is mailed if the account exists (the page never says whether). */
export function ForgotPassword() {
  const [params] = useSearchParams();
  const [sentTo, setSentTo] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const wait = useCountdown(retryAfter(failure));
  const form = useForm<{ tenant: string; email: string }>({
    resolver: zodResolver(
      z.object({
        tenant: z.string().trim().min(1, 'Enter your organisation'),
        email: z.string().trim().email('Enter an email address'),
      }),
    ),
    defaultValues: { tenant: tenantHint(params), email: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (input) => {
    setFailure(undefined);
    try {
      await api.request(RequestPasswordResetDocument, { input });
      rememberTenant(input.tenant);
      setSentTo(input.email);
    } catch (error) {
      setFailure(error);
    }
  });
  return (
    <AuthCard title="Reset your password" footer={<TextLink to="/login">Back to sign in</TextLink>}>
      {sentTo ? (
        <Alert kind="success">
          If {sentTo} has an account, a link to choose a new password is on its way. It works once, for 30 minutes.
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate className="space-y-4">
          {failure !== undefined && <Alert>{describeError(failure, wait)}</Alert>}
          <Field label="Organisation" error={errors.tenant?.message} {...form.register('tenant')} />
          <Field
            label="Email address"
            type="email"
            autoComplete="email"
            error={errors.email?.message}
            {...form.register('email')}
          />
          <button type="submit" className="btn w-full" disabled={isSubmitting || wait > 0}>
            Send the link
          </button>
        </form>
      )}
    </AuthCard>
  );
}

/** The page of a reset link: a new password, then sign in with it. */
export function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { form, requirements } = useLinkPasswordForm(params);
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const { isSubmitting } = form.formState;
  const submit = form.handleSubmit(async ({ password }) => {
    setFailure(undefined);
    try {
      await api.request(ResetPasswordDocument, { input: { token, newPassword: password } });
      setDone(true);
    } catch (error) {
      setFailure(error);
    }
  });
  return (
    <AuthCard title="Choose a new password">
      {done ? (
        <div className="space-y-4">
          <Alert kind="success">Your password is changed, and every session of your account has ended.</Alert>
          <TextLink to="/login">Sign in with your new password</TextLink>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="space-y-4">
          {!token && <Alert>This page needs the link from the email.</Alert>}
          {failure !== undefined && <Alert>{describeError(failure)}</Alert>}
          <NewPasswordPair form={form} requirements={requirements} failure={failure} label="New password" />
          <button type="submit" className="btn w-full" disabled={isSubmitting || !token}>
            Change password
          </button>
        </form>
      )}
    </AuthCard>
  );
}

/** The page of an invitation link: set a password, and be signed in. */
export function AcceptInvitation() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { form, requirements } = useLinkPasswordForm(params);
  const navigate = useNavigate();
  const { reload } = useSession();
  const [failure, setFailure] = useState<unknown>();
  const { isSubmitting } = form.formState;
  const submit = form.handleSubmit(async ({ password }) => {
    setFailure(undefined);
    try {
      const { acceptInvitation } = await api.request(AcceptInvitationDocument, {
        input: { token, password, refreshTokenDelivery: 'COOKIE' },
      });
      api.adopt(acceptInvitation);
      await reload();
      navigate('/account', { replace: true });
    } catch (error) {
      setFailure(error);
    }
  });
  return (
    <AuthCard title="Accept your invitation">
      <form onSubmit={submit} noValidate className="space-y-4">
        <p className="text-sm text-slate-700">Choose the password of your new account.</p>
        {!token && <Alert>This page needs the link from the invitation email.</Alert>}
        {failure !== undefined && <Alert>{describeError(failure)}</Alert>}
        <NewPasswordPair form={form} requirements={requirements} failure={failure} label="Password" />
        <button type="submit" className="btn w-full" disabled={isSubmitting || !token}>
          Create my account
        </button>
      </form>
    </AuthCard>
  );
}

/** The page of a verification link: verifies at once (one request, even when React runs effects twice). */
export function VerifyEmail() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [state, setState] = useState<{ done: boolean; failure?: unknown }>({ done: false });
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || !token) return;
    sent.current = true;
    api.request(VerifyEmailDocument, { input: { token } }).then(
      () => setState({ done: true }),
      (failure: unknown) => setState({ done: true, failure }),
    );
  }, [token]);
  return (
    <AuthCard title="Verify your email address" footer={<TextLink to="/account">Go to my account</TextLink>}>
      {!token ? (
        <Alert>This page needs the link from the email.</Alert>
      ) : !state.done ? (
        <p role="status">Verifying…</p>
      ) : state.failure !== undefined ? (
        <Alert>{describeError(state.failure)}</Alert>
      ) : (
        <Alert kind="success">Your email address is verified.</Alert>
      )}
    </AuthCard>
  );
}
