import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CreateOAuthClientDocument,
  DeleteOAuthClientDocument,
  isErrorCode,
  OAuthClientsDocument,
  OAuthProviderDocument,
  RotateOAuthClientSecretDocument,
  ServiceAccountsDocument,
  UpdateOAuthClientDocument,
  type CreateOAuthClientInput,
  type OAuthClientAuthMethod,
  type OAuthClientFieldsFragment,
  type OAuthClientKind,
  type UpdateOAuthClientInput,
} from '@tradesage/client';
import { useId, useState, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api, describeError } from '../../api.ts';
import { Modal } from '../../components/Modal.tsx';
import { useStepUp } from '../../components/StepUp.tsx';
import { Alert, Field, formatDate, SelectField } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';

type OAuthClient = OAuthClientFieldsFragment;

/** A client secret the API answered this once (create, rotate). */
interface NewClientSecret {
  readonly client: OAuthClient;
  readonly secret: string;
}

const KINDS: ReadonlyArray<readonly [OAuthClientKind, string, string]> = [
  ['CONFIDENTIAL', 'Confidential', 'A server-side application that keeps a secret.'],
  ['PUBLIC', 'Public', 'A browser or native app that cannot keep a secret: PKCE, no secret.'],
  ['SERVICE', 'Service', 'No user: the client credentials grant, acting as a service account.'],
];

const AUTH_METHODS: Readonly<Record<OAuthClientAuthMethod, string>> = {
  CLIENT_SECRET_BASIC: 'Client secret, HTTP Basic (client_secret_basic)',
  CLIENT_SECRET_POST: 'Client secret in the request body (client_secret_post)',
  PRIVATE_KEY_JWT: 'Signed JWT with its own private key (private_key_jwt)',
  NONE: 'None: PKCE only (public client)',
};

/** OpenID Connect's own scopes: about the user, so never a SERVICE client's (it acts for no user). */
const USER_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access']);

const KEEP_OPEN = () => undefined;

/**
 * "Applications" (`oauth:manage`): the tenant's OpenID Connect provider (its issuer and discovery
 * document, for the applications' configuration) and the applications registered with it: made,
 * changed, given a new secret (shown once; a recent sign-in is asked for first) and deleted, which
 * ends every sign-in of a user to it.
 */
export function Applications() {
  const queryClient = useQueryClient();
  const provider = useQuery({ queryKey: ['oauthProvider'], queryFn: () => api.request(OAuthProviderDocument) });
  const clients = useQuery({ queryKey: ['oauthClients'], queryFn: () => api.request(OAuthClientsDocument) });
  const [editing, setEditing] = useState<'new' | OAuthClient | null>(null);
  const [secret, setSecret] = useState<NewClientSecret>();
  const [rotating, setRotating] = useState<OAuthClient>();
  const [deleting, setDeleting] = useState<OAuthClient>();
  const [notice, setNotice] = useState<string>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['oauthClients'] });
  const failure: unknown = provider.error ?? clients.error;
  const scopes = provider.data?.oauthProvider.scopes ?? [];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Applications</h1>
        {editing === null && (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setNotice(undefined);
              setEditing('new');
            }}
          >
            New application
          </button>
        )}
      </div>
      <p className="text-sm text-slate-700">
        Applications that sign your organisation’s people in with OpenID Connect, or call the API as a service account
        (OAuth 2.0 client credentials).
      </p>
      {failure != null && <Alert>{describeError(failure)}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      {provider.data && (
        <section aria-labelledby="provider" className="card space-y-4">
          <h2 id="provider" className="text-lg font-semibold">
            Your organisation’s provider
          </h2>
          <p className="text-sm text-slate-700">
            Configure applications with these (most libraries need only the issuer).
          </p>
          <div className="grid gap-4 md:grid-cols-2">
            <CopyField label="Issuer" value={provider.data.oauthProvider.issuer} />
            <CopyField label="Discovery URL" value={provider.data.oauthProvider.discoveryUrl} />
          </div>
        </section>
      )}
      {editing !== null && provider.data && (
        <ClientForm
          key={editing === 'new' ? 'new' : editing.id}
          client={editing === 'new' ? undefined : editing}
          scopes={scopes}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            void refresh();
            if (saved.secret) setSecret({ client: saved.client, secret: saved.secret });
            else setNotice(`${saved.client.name} is saved.`);
          }}
        />
      )}
      <section aria-labelledby="clients" className="space-y-3">
        <h2 id="clients" className="text-lg font-semibold">
          Registered applications
        </h2>
        {clients.data && (
          <ClientTable
            clients={clients.data.oauthClients}
            onEdit={(client) => {
              setNotice(undefined);
              setEditing(client);
            }}
            onRotate={setRotating}
            onDelete={setDeleting}
          />
        )}
      </section>
      {secret && <SecretDialog created={secret} onDone={() => setSecret(undefined)} />}
      {rotating && (
        <RotateDialog
          client={rotating}
          onClose={() => setRotating(undefined)}
          onRotated={(created) => {
            setRotating(undefined);
            void refresh();
            setSecret(created);
          }}
        />
      )}
      {deleting && (
        <DeleteDialog
          client={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setDeleting(undefined);
            setNotice(`${deleting.name} is deleted: its users’ sign-ins to it have ended.`);
            void refresh();
          }}
        />
      )}
    </div>
  );
}

function ClientTable({
  clients,
  onEdit,
  onRotate,
  onDelete,
}: {
  clients: readonly OAuthClient[];
  onEdit(client: OAuthClient): void;
  onRotate(client: OAuthClient): void;
  onDelete(client: OAuthClient): void;
}) {
  return (
    <div className="card overflow-x-auto p-0">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Applications registered with your organisation’s provider</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2">
              Application
            </th>
            <th scope="col">Kind</th>
            <th scope="col">Client ID</th>
            <th scope="col">First-party</th>
            <th scope="col">Redirect URIs</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {clients.map((client) => (
            <tr key={client.id} className="border-b border-slate-100 align-top">
              <td className="px-4 py-2">
                <span className="font-medium">{client.name}</span>
                {client.serviceAccount && (
                  <span className="block text-xs text-slate-600">as {client.serviceAccount.name}</span>
                )}
              </td>
              <td className="py-2 pr-3">
                {client.kind.toLowerCase()}
                <span className="block text-xs text-slate-600">{client.authMethod.toLowerCase()}</span>
              </td>
              <td className="py-2 pr-3 font-mono text-xs">
                {client.id}
                {client.secretLastFour && <span className="block text-slate-600">secret …{client.secretLastFour}</span>}
              </td>
              <td className="py-2 pr-3">{client.firstParty ? 'Yes' : 'No'}</td>
              <td className="py-2 pr-3 font-mono text-xs break-all">
                {client.redirectUris.length === 0
                  ? '—'
                  : client.redirectUris.map((uri) => (
                      <span key={uri} className="block">
                        {uri}
                      </span>
                    ))}
              </td>
              <td className="py-2 pr-3 font-mono text-xs">{client.scopes.join(' ')}</td>
              <td className="py-2 pr-3 whitespace-nowrap">{formatDate(client.createdAt)}</td>
              <td className="space-x-2 py-2 pr-4 text-right whitespace-nowrap">
                <button type="button" className="btn-secondary" onClick={() => onEdit(client)}>
                  Edit<span className="sr-only"> {client.name}</span>
                </button>
                {client.secretLastFour && (
                  <button type="button" className="btn-secondary" onClick={() => onRotate(client)}>
                    Rotate secret<span className="sr-only"> of {client.name}</span>
                  </button>
                )}
                <button type="button" className="btn-danger" onClick={() => onDelete(client)}>
                  Delete<span className="sr-only"> {client.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {clients.length === 0 && <p className="px-4 py-6 text-sm text-slate-600">No application yet.</p>}
    </div>
  );
}

/** One per line (or separated by spaces), as typed: the list. */
function linesOf(typed: string): string[] {
  return typed.split(/\s+/).filter(Boolean);
}

const clientSchema = z
  .object({
    name: z.string().trim().min(1, 'Give it a name.').max(100, 'At most 100 characters.'),
    kind: z.enum(['CONFIDENTIAL', 'PUBLIC', 'SERVICE']),
    authMethod: z.enum(['CLIENT_SECRET_BASIC', 'CLIENT_SECRET_POST', 'PRIVATE_KEY_JWT', 'NONE']),
    firstParty: z.boolean(),
    redirectUris: z.string(),
    postLogoutRedirectUris: z.string(),
    scopes: z.array(z.string()).min(1, 'Choose at least one scope.'),
    serviceAccountId: z.string(),
    jwks: z.string(),
  })
  .superRefine((values, ctx) => {
    if (values.kind !== 'SERVICE' && linesOf(values.redirectUris).length === 0)
      ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: 'Give at least one redirect URI.' });
    if (values.kind === 'SERVICE' && values.serviceAccountId === '')
      ctx.addIssue({ code: 'custom', path: ['serviceAccountId'], message: 'Choose the service account it acts as.' });
    if (values.authMethod === 'PRIVATE_KEY_JWT' && jwksOf(values.jwks) === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['jwks'],
        message: 'Paste a JWK Set: a JSON object with a "keys" array of public keys.',
      });
  });
type ClientValues = z.infer<typeof clientSchema>;
type ClientField = keyof ClientValues;
const CLIENT_FIELDS: ReadonlySet<string> = new Set<ClientField>([
  'name',
  'authMethod',
  'redirectUris',
  'postLogoutRedirectUris',
  'scopes',
  'serviceAccountId',
  'jwks',
]);

/** The JWK Set as typed, parsed; undefined when it is not a JSON object with a `keys` array. */
function jwksOf(typed: string): { keys: unknown[] } | undefined {
  try {
    const value: unknown = JSON.parse(typed);
    if (typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys))
      return value as { keys: unknown[] };
  } catch {
    // Not JSON: the field says so.
  }
  return undefined;
}

/**
 * A refusal of the API, under the field it names (`details.field`: BAD_USER_INPUT, a redirect URI
 * or scope the provider does not allow), else above the form.
 */
function clientRefusal(error: unknown): { field?: string; message: string } {
  if (isErrorCode(error, 'OAUTH_REDIRECT_URI_INVALID', 'OAUTH_SCOPE_NOT_ALLOWED', 'BAD_USER_INPUT')) {
    const field = typeof error.details?.field === 'string' ? error.details.field : undefined;
    const uri = isErrorCode(error, 'OAUTH_REDIRECT_URI_INVALID') ? error.details?.['uri'] : undefined;
    const message = typeof uri === 'string' ? `${uri}: ${error.message}` : error.message;
    return field ? { field, message } : { message };
  }
  return { message: describeError(error) };
}

/**
 * A new application (its kind, how it authenticates, where its users are sent back, what it may
 * ask for, and for a SERVICE client the service account it acts as), or the changes of one
 * (`client`): its kind, authentication and service account stay. Both need a recent sign-in.
 */
function ClientForm({
  client,
  scopes,
  onSaved,
  onCancel,
}: {
  client?: OAuthClient | undefined;
  scopes: readonly string[];
  onSaved(saved: { client: OAuthClient; secret?: string | null }): void;
  onCancel(): void;
}) {
  const withStepUp = useStepUp();
  const { can } = useSession();
  const title = client ? `Edit ${client.name}` : 'New application';
  const [failure, setFailure] = useState<unknown>();
  const form = useForm<ClientValues>({
    resolver: zodResolver(clientSchema),
    defaultValues: {
      name: client?.name ?? '',
      kind: client?.kind ?? 'CONFIDENTIAL',
      authMethod: client?.authMethod ?? 'CLIENT_SECRET_BASIC',
      firstParty: client?.firstParty ?? false,
      redirectUris: client?.redirectUris.join('\n') ?? '',
      postLogoutRedirectUris: client?.postLogoutRedirectUris.join('\n') ?? '',
      scopes: client ? [...client.scopes] : ['openid'],
      serviceAccountId: client?.serviceAccount?.id ?? '',
      jwks: '',
    },
  });
  const { errors, isSubmitting, isSubmitted } = form.formState;
  const [kind, authMethod, chosen, serviceAccountId] = form.watch(['kind', 'authMethod', 'scopes', 'serviceAccountId']);
  const accounts = useQuery({
    queryKey: ['serviceAccounts'],
    queryFn: () => api.request(ServiceAccountsDocument),
    enabled: !client && kind === 'SERVICE' && can('apikeys:manage'),
  });
  const refusal = failure === undefined ? undefined : clientRefusal(failure);
  const errorOf = (field: ClientField) =>
    errors[field]?.message ?? (refusal?.field === field ? refusal.message : undefined);
  const offered = kind === 'SERVICE' ? scopes.filter((scope) => !USER_SCOPES.has(scope)) : scopes;
  const methods: OAuthClientAuthMethod[] =
    kind === 'PUBLIC' ? ['NONE'] : ['CLIENT_SECRET_BASIC', 'CLIENT_SECRET_POST', 'PRIVATE_KEY_JWT'];

  const chooseKind = (next: OAuthClientKind) => {
    form.setValue('kind', next);
    form.setValue(
      'authMethod',
      next === 'PUBLIC' ? 'NONE' : authMethod === 'NONE' ? 'CLIENT_SECRET_BASIC' : authMethod,
    );
    // A SERVICE client acts for no user: OpenID Connect's scopes are not for it; the others sign users in.
    const kept = next === 'SERVICE' ? chosen.filter((scope) => !USER_SCOPES.has(scope)) : chosen;
    form.setValue('scopes', next !== 'SERVICE' && !kept.includes('openid') ? ['openid', ...kept] : kept);
  };

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined);
    const redirects =
      values.kind === 'SERVICE'
        ? {}
        : {
            redirectUris: linesOf(values.redirectUris),
            postLogoutRedirectUris: linesOf(values.postLogoutRedirectUris),
          };
    try {
      if (client) {
        const input: UpdateOAuthClientInput = {
          name: values.name,
          firstParty: values.firstParty,
          scopes: values.scopes,
          ...redirects,
        };
        const { updateOAuthClient } = await withStepUp(() =>
          api.request(UpdateOAuthClientDocument, { id: client.id, input }),
        );
        onSaved({ client: updateOAuthClient });
      } else {
        const input: CreateOAuthClientInput = {
          name: values.name,
          kind: values.kind,
          authMethod: values.authMethod,
          firstParty: values.kind === 'SERVICE' ? false : values.firstParty,
          scopes: values.scopes,
          ...redirects,
          ...(values.kind === 'SERVICE' ? { serviceAccountId: values.serviceAccountId } : {}),
          ...(values.authMethod === 'PRIVATE_KEY_JWT' ? { jwks: jwksOf(values.jwks) } : {}),
        };
        const { createOAuthClient } = await withStepUp(() => api.request(CreateOAuthClientDocument, { input }));
        onSaved(createOAuthClient);
      }
    } catch (error) {
      setFailure(error);
    }
  });

  return (
    <form onSubmit={submit} noValidate className="card space-y-4" aria-label={title}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {refusal && !CLIENT_FIELDS.has(refusal.field ?? '') && <Alert>{refusal.message}</Alert>}
      <Field
        label="Name"
        hint="Shown to people on the consent screen and in their connected apps."
        maxLength={100}
        error={errorOf('name')}
        {...form.register('name')}
      />
      {client ? (
        <p className="text-sm text-slate-700">
          A {client.kind.toLowerCase()} application, authenticating with {AUTH_METHODS[client.authMethod]}
          {client.serviceAccount ? `, acting as ${client.serviceAccount.name}` : ''}. These cannot change: register a
          new application instead.
        </p>
      ) : (
        <fieldset>
          <legend className="label">Kind</legend>
          <div className="grid gap-2 sm:grid-cols-3">
            {KINDS.map(([value, label, description]) => (
              <label key={value} className="flex items-start gap-2 rounded-md border border-slate-200 p-3 text-sm">
                <input
                  type="radio"
                  name="kind"
                  className="mt-1"
                  value={value}
                  checked={kind === value}
                  onChange={() => chooseKind(value)}
                />
                <span>
                  <span className="font-medium">{label}</span>
                  <span className="block text-xs text-slate-600">{description}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {!client && (
        <div>
          <SelectField
            label="Authentication at the token endpoint"
            value={authMethod}
            disabled={kind === 'PUBLIC'}
            aria-invalid={errorOf('authMethod') ? true : undefined}
            onChange={(e) => form.setValue('authMethod', e.target.value as OAuthClientAuthMethod)}
          >
            {methods.map((method) => (
              <option key={method} value={method}>
                {AUTH_METHODS[method]}
              </option>
            ))}
          </SelectField>
          <FieldError message={errorOf('authMethod')} />
        </div>
      )}
      {!client && kind === 'SERVICE' && (
        <div>
          <SelectField
            label="Service account"
            value={serviceAccountId}
            aria-invalid={errorOf('serviceAccountId') ? true : undefined}
            onChange={(e) => form.setValue('serviceAccountId', e.target.value, { shouldValidate: isSubmitted })}
          >
            <option value="">Choose…</option>
            {accounts.data?.serviceAccounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </SelectField>
          <p className="mt-1 text-xs text-slate-600">
            {can('apikeys:manage')
              ? 'The application calls the API as this account, within its roles and the scopes below.'
              : 'Listing service accounts needs the apikeys:manage permission.'}
          </p>
          <FieldError message={errorOf('serviceAccountId')} />
        </div>
      )}
      {kind !== 'SERVICE' && (
        <div className="grid gap-4 md:grid-cols-2">
          <TextAreaField
            label="Redirect URIs"
            hint="One per line, matched exactly: https, or http on localhost / 127.0.0.1."
            rows={3}
            spellCheck={false}
            error={errorOf('redirectUris')}
            {...form.register('redirectUris')}
          />
          <TextAreaField
            label="Post-logout redirect URIs (optional)"
            hint="One per line: where the application may send people after signing them out."
            rows={3}
            spellCheck={false}
            error={errorOf('postLogoutRedirectUris')}
            {...form.register('postLogoutRedirectUris')}
          />
        </div>
      )}
      <fieldset>
        <legend className="label">Scopes</legend>
        <p className="mb-2 text-xs text-slate-600">
          What the application may ask for. A person’s sign-in never gives it more than that person may do.
        </p>
        <div className="grid gap-2 sm:grid-cols-3">
          {offered.map((scope) => (
            <label key={scope} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={chosen.includes(scope)}
                onChange={(e) =>
                  form.setValue('scopes', e.target.checked ? [...chosen, scope] : chosen.filter((s) => s !== scope), {
                    shouldValidate: isSubmitted,
                  })
                }
              />
              <span className="font-mono">{scope}</span>
            </label>
          ))}
        </div>
        <FieldError message={errorOf('scopes')} />
      </fieldset>
      {kind !== 'SERVICE' && (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" {...form.register('firstParty')} />
          <span>
            <span className="font-medium">First-party</span>
            <span className="block text-xs text-slate-600">
              Your organisation’s own application: people are not asked for their consent.
            </span>
          </span>
        </label>
      )}
      {!client && authMethod === 'PRIVATE_KEY_JWT' && (
        <TextAreaField
          label="Public keys (JWKS)"
          hint={
            <>
              The application’s public keys as a JWK Set: <code>{'{ "keys": [ … ] }'}</code>. Never its private key.
            </>
          }
          rows={6}
          spellCheck={false}
          className="field font-mono text-xs"
          error={errorOf('jwks')}
          {...form.register('jwks')}
        />
      )}
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn" disabled={isSubmitting}>
          {client ? 'Save changes' : 'Register application'}
        </button>
      </div>
    </form>
  );
}

function FieldError({ message }: { message: string | undefined }) {
  return message ? <p className="mt-1 text-sm text-red-700">{message}</p> : null;
}

/** A labelled textarea with its hint and error, as Field is for an input. */
function TextAreaField({
  label,
  hint,
  error,
  ref,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  ref?: Ref<HTMLTextAreaElement>;
}) {
  const id = useId();
  const described = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <textarea
        ref={ref}
        id={id}
        className="field"
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...textarea}
      />
      {hint && (
        <div id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** A value to paste elsewhere: shown read-only, copied with a button. */
function CopyField({ label, value, autoFocus }: { label: string; value: string; autoFocus?: boolean }) {
  const [copied, setCopied] = useState<boolean>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="space-y-2">
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <Field
            label={label}
            className="field font-mono"
            readOnly
            autoFocus={autoFocus}
            value={value}
            onFocus={(e) => e.target.select()}
          />
        </div>
        <button type="button" className="btn-secondary py-2" onClick={() => void copy()}>
          Copy<span className="sr-only"> {label}</span>
        </button>
      </div>
      {copied === true && (
        <p role="status" className="text-sm text-emerald-800">
          Copied.
        </p>
      )}
      {copied === false && (
        <p role="alert" className="text-sm text-red-700">
          The browser did not allow copying: select it and copy it yourself.
        </p>
      )}
    </div>
  );
}

/**
 * The client secret, shown this once (the API keeps it sealed and never answers it again). Only
 * "I have stored it" closes the dialog: Escape or a click beside it would lose the secret.
 */
function SecretDialog({ created, onDone }: { created: NewClientSecret; onDone(): void }) {
  return (
    <Modal open onClose={KEEP_OPEN} title={`Copy the secret of “${created.client.name}” now`}>
      <div className="space-y-4">
        <p className="text-sm text-slate-800">
          This is the only time it is shown: <strong>you will not see it again</strong>. Put it in the application’s
          configuration or a secret manager. Lost, it cannot be recovered: rotate the secret instead.
        </p>
        <CopyField label="Client ID" value={created.client.id} />
        <CopyField label="Client secret" value={created.secret} autoFocus />
        <div className="flex justify-end">
          <button type="button" className="btn" onClick={onDone}>
            I have stored it
          </button>
        </div>
      </div>
    </Modal>
  );
}

/** A new secret for a client: the old one stops working at once. Needs a recent sign-in. */
function RotateDialog({
  client,
  onClose,
  onRotated,
}: {
  client: OAuthClient;
  onClose(): void;
  onRotated(created: NewClientSecret): void;
}) {
  const withStepUp = useStepUp();
  const rotate = useMutation({
    mutationFn: () => withStepUp(() => api.request(RotateOAuthClientSecretDocument, { id: client.id })),
    onSuccess: ({ rotateOAuthClientSecret: { client: rotated, secret } }) => {
      if (secret) onRotated({ client: rotated, secret });
      else onClose();
    },
  });
  return (
    <Modal open onClose={onClose} title={`Rotate the secret of ${client.name}`}>
      <div className="space-y-4">
        <p className="text-sm text-slate-700">
          A new secret is made and shown once. The current one (…{client.secretLastFour}){' '}
          <strong>stops working at once</strong>: the application cannot sign anyone in until it has the new one.
        </p>
        {rotate.error && <Alert>{describeError(rotate.error)}</Alert>}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn-danger" disabled={rotate.isPending} onClick={() => rotate.mutate()}>
            Rotate secret
          </button>
        </div>
      </div>
    </Modal>
  );
}

/** Deleting a client: its consents, grants and tokens go, and every sign-in of a user to it ends. */
function DeleteDialog({ client, onClose, onDeleted }: { client: OAuthClient; onClose(): void; onDeleted(): void }) {
  const remove = useMutation({
    mutationFn: () => api.request(DeleteOAuthClientDocument, { id: client.id }),
    onSuccess: onDeleted,
  });
  return (
    <Modal open onClose={onClose} title={`Delete ${client.name}?`}>
      <div className="space-y-4">
        <p className="text-sm text-slate-700">
          The application can no longer sign anyone in or call the API. Everyone signed in to it is signed out, and its
          tokens are refused from the next request on. This cannot be undone.
        </p>
        {remove.error && <Alert>{describeError(remove.error)}</Alert>}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn-danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
            Delete application
          </button>
        </div>
      </div>
    </Modal>
  );
}
