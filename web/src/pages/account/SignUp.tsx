import { SignUpDocument } from '@tradesage/client';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, describeError, retryAfter } from '../../api.ts';
import { NewPasswordField, usePasswordRequirements } from '../../components/PasswordField.tsx';
import { Alert, AuthCard, Field, TextLink, useCountdown } from '../../components/ui.tsx';
import { rememberTenant, tenantHint } from '../../tenant.ts';

/**
 * Self-service sign-up, where the organisation allows it. The answer never says whether the address
 * already had an account (its owner is emailed instead): the page says the same in both cases.
 */
export function SignUp() {
  const [params] = useSearchParams();
  const [values, setValues] = useState({
    tenant: tenantHint(params),
    firstName: '',
    lastName: '',
    email: '',
    password: '',
  });
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const wait = useCountdown(retryAfter(failure));
  const requirements = usePasswordRequirements(values.tenant);
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues({ ...values, [key]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setBusy(true);
    try {
      const input = {
        ...values,
        tenant: values.tenant.trim(),
        email: values.email.trim(),
        firstName: values.firstName.trim(),
        lastName: values.lastName.trim(),
      };
      await api.request(SignUpDocument, { input });
      rememberTenant(input.tenant);
      setDone(true);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthCard title="Create your account" footer={<TextLink to="/login">Already have an account? Sign in</TextLink>}>
      {done ? (
        <Alert kind="success">
          Check your inbox: we sent a message to {values.email.trim()} to confirm the address. Then sign in.
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate className="space-y-4">
          {failure !== undefined && <Alert>{describeError(failure, wait)}</Alert>}
          <Field label="Organisation" value={values.tenant} onChange={set('tenant')} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="First name" autoComplete="given-name" value={values.firstName} onChange={set('firstName')} />
            <Field label="Last name" autoComplete="family-name" value={values.lastName} onChange={set('lastName')} />
          </div>
          <Field label="Email address" type="email" autoComplete="email" value={values.email} onChange={set('email')} />
          <NewPasswordField
            label="Password"
            refusal={failure}
            requirements={requirements}
            typed={values.password}
            value={values.password}
            onChange={set('password')}
          />
          <button type="submit" className="btn w-full" disabled={busy || wait > 0}>
            Create account
          </button>
        </form>
      )}
    </AuthCard>
  );
}
