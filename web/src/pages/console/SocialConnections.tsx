import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CreateSocialConnectionDocument,
  DeleteSocialConnectionDocument,
  RolesDocument,
  SocialConnectionsDocument,
  UpdateSocialConnectionDocument,
  type SocialConnectionFieldsFragment,
  type SocialProvider,
} from '@tradesage/client';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api, describeError } from '../../api.ts';
import { Modal } from '../../components/Modal.tsx';
import { useStepUp } from '../../components/StepUp.tsx';
import { Alert, Field, formatDate, SelectField } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';
import { PROVIDER_NAMES, SOCIAL_PROVIDERS } from '../../social.ts';

type Connection = SocialConnectionFieldsFragment;

/** An Entra ID directory: `organizations` (any work or school account) or one directory's GUID. */
const ENTRA_DIRECTORY = /^(organizations|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * "Social sign-in" (`tenant:settings:write`): the tenant's connections to Google, Microsoft (Entra
 * ID), LinkedIn and GitHub. Each names the tenant's application at the provider (client id, and a
 * secret that is written, never shown), the email domains it accepts, whether an unknown person
 * with a verified address gets an account (and its role), and whether it is on; Microsoft's names
 * the directory. Making or changing one asks for a recent sign-in; removing one stops its sign-ins
 * (linked accounts stay, and sign in again once it is back).
 */
export function SocialConnections({ tenant }: { tenant: string }) {
  const queryClient = useQueryClient();
  const connections = useQuery({
    queryKey: ['socialConnections'],
    queryFn: ({ signal }) => api.request(SocialConnectionsDocument, undefined, { signal }),
  });
  const [editing, setEditing] = useState<{ connection?: Connection; provider: SocialProvider }>();
  const [saved, setSaved] = useState<string>();
  const remove = useMutation({
    mutationFn: (provider: SocialProvider) => api.request(DeleteSocialConnectionDocument, { provider }),
    onSuccess: async (_, provider) => {
      setSaved(`${PROVIDER_NAMES[provider]} no longer signs anyone in.`);
      await queryClient.invalidateQueries({ queryKey: ['socialConnections'] });
    },
  });
  const list = connections.data?.socialConnections ?? [];
  const unconnected = SOCIAL_PROVIDERS.filter((provider) => !list.some((c) => c.provider === provider));
  return (
    <section aria-labelledby="social-sign-in" className="card space-y-4">
      <div>
        <h2 id="social-sign-in" className="mb-1 text-lg font-semibold">
          Social sign-in
        </h2>
        <p className="text-sm text-slate-600">
          People sign in with their Google, Microsoft, LinkedIn or GitHub account. Register an application at the
          provider with the redirect URI shown, then connect it here with its client id and secret.
        </p>
      </div>
      {connections.error && <Alert>{describeError(connections.error)}</Alert>}
      {remove.error && <Alert>{describeError(remove.error)}</Alert>}
      {saved && <Alert kind="success">{saved}</Alert>}
      {connections.isSuccess && list.length === 0 && (
        <p className="text-sm text-slate-700">No provider is connected.</p>
      )}
      {list.length > 0 && (
        <ul aria-label="Connected providers" className="divide-y divide-slate-100">
          {list.map((connection) => {
            const name = PROVIDER_NAMES[connection.provider];
            return (
              <li key={connection.provider} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0 text-sm">
                  <p className="font-medium">
                    {name}{' '}
                    <span
                      className={`rounded px-1.5 py-0.5 text-xs font-medium ${connection.enabled ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-100 text-slate-700'}`}
                    >
                      {connection.enabled ? 'on' : 'off'}
                    </span>
                  </p>
                  <p className="text-xs break-all text-slate-600">
                    Client id {connection.clientId}
                    {connection.microsoftTenant && ` · directory ${connection.microsoftTenant}`}
                  </p>
                  <p className="text-xs text-slate-600">
                    {connection.allowedDomains.length > 0
                      ? `Addresses of ${connection.allowedDomains.join(', ')}`
                      : 'Any address'}{' '}
                    ·{' '}
                    {connection.autoRegister
                      ? `new people get an account (${connection.defaultRole})`
                      : 'existing accounts only'}{' '}
                    · changed {formatDate(connection.updatedAt)}
                  </p>
                  <p className="text-xs break-all text-slate-600">
                    Redirect URI {redirectUri(tenant, connection.provider)}
                  </p>
                </div>
                <div className="flex gap-2">
                  <button
                    type="button"
                    className="btn-secondary"
                    onClick={() => {
                      setSaved(undefined);
                      setEditing({ connection, provider: connection.provider });
                    }}
                  >
                    Edit<span className="sr-only"> {name}</span>
                  </button>
                  <button
                    type="button"
                    className="btn-danger"
                    disabled={remove.isPending}
                    onClick={() => {
                      setSaved(undefined);
                      if (
                        window.confirm(
                          `Remove the ${name} connection? Nobody can sign in with ${name} until it is back.`,
                        )
                      )
                        remove.mutate(connection.provider);
                    }}
                  >
                    Remove<span className="sr-only"> {name}</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {connections.isSuccess && unconnected.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {unconnected.map((provider) => (
            <button
              key={provider}
              type="button"
              className="btn-secondary"
              onClick={() => {
                setSaved(undefined);
                setEditing({ provider });
              }}
            >
              Connect {PROVIDER_NAMES[provider]}
            </button>
          ))}
        </div>
      )}
      {editing && (
        <ConnectionDialog
          tenant={tenant}
          provider={editing.provider}
          connection={editing.connection}
          onClose={() => setEditing(undefined)}
          onSaved={(message) => {
            setEditing(undefined);
            setSaved(message);
          }}
        />
      )}
    </section>
  );
}

/** The callback the provider's application must allow: the gateway's, at this origin. */
function redirectUri(tenant: string, provider: SocialProvider): string {
  return `${window.location.origin}/t/${tenant}/social/${provider.toLowerCase()}/callback`;
}

const connectionSchema = z
  .object({
    clientId: z.string().trim().min(1, 'Enter the client id the provider gave').max(256),
    clientSecret: z.string().max(512),
    allowedDomains: z.string(),
    autoRegister: z.boolean(),
    defaultRole: z.string().trim().min(1, 'Choose a role'),
    enabled: z.boolean(),
    microsoftTenant: z.string().trim(),
  })
  .superRefine((values, ctx) => {
    const list = domainsOf(values.allowedDomains);
    if (list.some((domain) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domain)))
      ctx.addIssue({
        code: 'custom',
        path: ['allowedDomains'],
        message: 'Domains such as example.com, comma-separated',
      });
  });
type ConnectionValues = z.infer<typeof connectionSchema>;

function domainsOf(typed: string): string[] {
  return typed
    .split(',')
    .map((domain) => domain.trim().toLowerCase())
    .filter(Boolean);
}

function ConnectionDialog({
  tenant,
  provider,
  connection,
  onClose,
  onSaved,
}: {
  tenant: string;
  provider: SocialProvider;
  connection: Connection | undefined;
  onClose(): void;
  onSaved(message: string): void;
}) {
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const { can } = useSession();
  const roles = useQuery({
    queryKey: ['roles'],
    queryFn: () => api.request(RolesDocument),
    enabled: can('roles:read'),
  });
  const name = PROVIDER_NAMES[provider];
  const microsoft = provider === 'MICROSOFT';
  const form = useForm<ConnectionValues>({
    resolver: zodResolver(connectionSchema),
    defaultValues: {
      clientId: connection?.clientId ?? '',
      clientSecret: '',
      allowedDomains: connection?.allowedDomains.join(', ') ?? '',
      autoRegister: connection?.autoRegister ?? false,
      defaultRole: connection?.defaultRole ?? 'viewer',
      enabled: connection?.enabled ?? true,
      microsoftTenant: connection?.microsoftTenant ?? (microsoft ? 'organizations' : ''),
    },
  });
  const { errors, isSubmitting } = form.formState;
  const [failure, setFailure] = useState<unknown>();
  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined);
    // Checked here: the rule depends on the provider and on whether a secret is kept already.
    if (!connection && !values.clientSecret) {
      form.setError('clientSecret', { message: 'Enter the client secret the provider gave' });
      return;
    }
    if (microsoft && !ENTRA_DIRECTORY.test(values.microsoftTenant)) {
      form.setError('microsoftTenant', { message: 'organizations, or the directory’s ID (a GUID)' });
      return;
    }
    const common = {
      clientId: values.clientId,
      allowedDomains: domainsOf(values.allowedDomains),
      autoRegister: values.autoRegister,
      defaultRole: values.defaultRole,
      enabled: values.enabled,
      ...(microsoft ? { microsoftTenant: values.microsoftTenant } : {}),
    };
    try {
      if (connection)
        await withStepUp(() =>
          api.request(UpdateSocialConnectionDocument, {
            provider,
            // Left empty, the secret kept stays.
            input: { ...common, ...(values.clientSecret ? { clientSecret: values.clientSecret } : {}) },
          }),
        );
      else
        await withStepUp(() =>
          api.request(CreateSocialConnectionDocument, {
            input: { provider, clientSecret: values.clientSecret, ...common },
          }),
        );
      await queryClient.invalidateQueries({ queryKey: ['socialConnections'] });
      onSaved(connection ? `${name} connection saved.` : `${name} is connected.`);
    } catch (error) {
      setFailure(error);
    }
  });
  const roleNames = roles.data?.roles.map((role) => role.name);
  return (
    <Modal open onClose={onClose} title={connection ? `Edit the ${name} connection` : `Connect ${name}`}>
      <form onSubmit={submit} noValidate className="max-h-[75vh] space-y-4 overflow-y-auto">
        {failure !== undefined && <Alert>{describeError(failure)}</Alert>}
        <p className="text-xs break-all text-slate-600">
          Redirect URI to register at {name}: {redirectUri(tenant, provider)}
        </p>
        <Field label="Client id" autoComplete="off" error={errors.clientId?.message} {...form.register('clientId')} />
        <Field
          label="Client secret"
          type="password"
          autoComplete="new-password"
          hint={
            connection
              ? 'Kept and never shown. Leave empty to keep it, or enter a new one.'
              : 'Kept sealed and never shown again.'
          }
          error={errors.clientSecret?.message}
          {...form.register('clientSecret')}
        />
        {microsoft && (
          <Field
            label="Microsoft directory"
            hint="organizations: any work or school account; or one directory's ID (a GUID) for that organisation only."
            error={errors.microsoftTenant?.message}
            {...form.register('microsoftTenant')}
          />
        )}
        <Field
          label="Allowed email domains (comma-separated; empty: any)"
          error={errors.allowedDomains?.message}
          {...form.register('allowedDomains')}
        />
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" {...form.register('autoRegister')} />
          <span>
            Create accounts on sign-in
            <span className="block text-xs text-slate-600">
              Someone with a verified address and no account here gets one, with the role below.
            </span>
          </span>
        </label>
        {roleNames ? (
          <SelectField label="Role of new accounts" {...form.register('defaultRole')}>
            {roleNames.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </SelectField>
        ) : (
          <Field label="Role of new accounts" error={errors.defaultRole?.message} {...form.register('defaultRole')} />
        )}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...form.register('enabled')} />
          On: the sign-in page offers {name}
        </label>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn" disabled={isSubmitting}>
            {connection ? 'Save connection' : `Connect ${name}`}
          </button>
        </div>
      </form>
    </Modal>
  );
}
