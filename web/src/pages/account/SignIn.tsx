import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { api, describeError, retryAfter } from '../../api.ts';
import { Alert, AuthCard, Field, TextLink, useCountdown } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';
import { rememberTenant, tenantHint, useDomainTenant } from '../../tenant.ts';

const schema = z.object({
  tenant: z.string().trim().min(1, 'Enter your organisation'),
  identifier: z.string().trim().min(1, 'Enter your email address or username'),
  password: z.string().min(1, 'Enter your password'),
});
type Values = z.infer<typeof schema>;

/**
 * Sign in with the organisation (slug or custom domain), an email address or username, and a
 * password. Served at a tenant's custom domain, the page signs in to that tenant without asking.
 */
export function SignIn() {
  const { session, reload } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<unknown>();
  const wait = useCountdown(retryAfter(failure));
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { tenant: tenantHint(params), identifier: params.get('email') ?? '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const domainTenant = useDomainTenant();
  useEffect(() => {
    if (domainTenant) form.setValue('tenant', domainTenant.slug);
  }, [domainTenant, form]);

  if (session.status === 'signed-in') return <Navigate to={params.get('next') ?? '/account'} replace />;

  const submit = form.handleSubmit(async ({ tenant, identifier, password }) => {
    setFailure(undefined);
    try {
      const who = identifier.includes('@') ? { email: identifier } : { username: identifier };
      await api.signIn({ tenant, password, ...who });
      rememberTenant(tenant);
      await reload();
      navigate(params.get('next') ?? '/account', { replace: true });
    } catch (error) {
      setFailure(error);
      form.setValue('password', '');
    }
  });

  const notice = session.status === 'signed-out' ? session.notice : undefined;
  return (
    <AuthCard
      title={domainTenant ? `Sign in to ${domainTenant.name}` : 'Sign in'}
      footer={
        <>
          New here? <TextLink to={`/sign-up${tenantQuery(form.watch('tenant'))}`}>Create an account</TextLink>
        </>
      }
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        {notice && !failure && <Alert kind="info">{notice}</Alert>}
        {failure !== undefined && <Alert>{describeError(failure, wait)}</Alert>}
        {domainTenant === null ? (
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
      </form>
    </AuthCard>
  );
}

function tenantQuery(tenant: string): string {
  return tenant ? `?tenant=${encodeURIComponent(tenant)}` : '';
}
