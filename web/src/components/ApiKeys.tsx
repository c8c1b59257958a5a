import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  ApiKeyPolicyDocument,
  ConsolePermissionsDocument,
  CreateApiKeyDocument,
  isErrorCode,
  RotateApiKeyDocument,
  type ApiKeyFieldsFragment,
  type ApiKeyOverlap,
  type ApiKeyStatus,
} from '@tradesage/client';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api, describeError } from '../api.ts';
import { useSession } from '../session.tsx';
import { Modal } from './Modal.tsx';
import { useStepUp } from './StepUp.tsx';
import { Alert, Field, formatDate, SelectField } from './ui.tsx';

export type ApiKey = ApiKeyFieldsFragment;

/** What `createApiKey` and `rotateApiKey` answer: the key, and its secret this once. */
export interface NewSecret {
  readonly secret: string;
  readonly apiKey: ApiKey;
}

const DAY = 86_400_000;
/** The tenant's `apiKeys.maxLifetimeDays` when it cannot be read: the API's default (the API refuses beyond the real one and says it). */
const DEFAULT_MAX_LIFETIME_DAYS = 90;
/** The lifetimes offered (besides a date): those within the tenant's limit, and the limit itself up to 90 days. */
function lifetimesUpTo(maxDays: number): number[] {
  return [...[7, 30, 60, 90].filter((days) => days < maxDays), ...(maxDays <= 90 ? [maxDays] : [])];
}

/** Platform permissions (tenants:*, platform:admin) are never given to keys. */
const PLATFORM_PERMISSION = /^(tenants|platform):/;

/** The permissions a key may be given out of `held`, sorted. */
export function keyScopes(held: Iterable<string>): string[] {
  return [...new Set(held)].filter((p) => !PLATFORM_PERMISSION.test(p)).sort();
}

/** The longest lifetime of a key in days (the tenant's `apiKeys.maxLifetimeDays`); undefined while loading. */
export function useMaxLifetimeDays(): number | undefined {
  const policy = useQuery({ queryKey: ['apiKeyPolicy'], queryFn: () => api.request(ApiKeyPolicyDocument, {}) });
  if (policy.error) return DEFAULT_MAX_LIFETIME_DAYS;
  return policy.data?.apiKeyPolicy.maxLifetimeDays;
}

/** What each permission means, by name (the catalogue needs `roles:read`; empty without). */
export function usePermissionDescriptions(): ReadonlyMap<string, string> {
  const { can } = useSession();
  const catalogue = useQuery({
    queryKey: ['permissions'],
    queryFn: () => api.request(ConsolePermissionsDocument),
    enabled: can('roles:read'),
  });
  return new Map(catalogue.data?.permissionCatalogue.map((p) => [p.name, p.description]));
}

/** A comma- or space-separated list as typed, as a list. */
function listOf(typed: string): string[] {
  return typed.split(/[\s,]+/).filter(Boolean);
}

/** `date` as an `<input type="date">` value, in local time. */
function dateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The end of the day a date input names, local time, never beyond `maxDays` from now. */
function endOfDay(typed: string, maxDays: number): Date | undefined {
  const [year, month, day] = typed.split('-').map(Number);
  if (!year || !month || !day) return undefined;
  return new Date(Math.min(new Date(year, month - 1, day, 23, 59).getTime(), Date.now() + maxDays * DAY));
}

function keySchema(maxDays: number) {
  return z
    .object({
      name: z.string().trim().min(1, 'Give the key a name.').max(100, 'At most 100 characters.'),
      scopes: z.array(z.string()).min(1, 'Choose at least one permission.'),
      lifetime: z.string(),
      expiresOn: z.string(),
      allowedCidrs: z.string(),
      rateLimitPerMinute: z
        .string()
        .trim()
        .regex(/^(?:[1-9]\d{0,4}|100000)?$/, 'A whole number from 1 to 100000, or empty.'),
    })
    .refine(
      (v) => {
        if (v.lifetime !== 'date') return true;
        const until = endOfDay(v.expiresOn, maxDays);
        return until !== undefined && until.getTime() > Date.now() + DAY / 24;
      },
      { path: ['expiresOn'], message: `A date within the next ${maxDays} days.` },
    );
}
type KeyValues = z.infer<ReturnType<typeof keySchema>>;
const KEY_FIELDS: ReadonlySet<string> = new Set(['name', 'scopes', 'lifetime', 'allowedCidrs', 'rateLimitPerMinute']);

/** A refusal of a new key, under the field it is about when it names one. */
function keyRefusal(error: unknown): { field?: string; message: string } {
  if (isErrorCode(error, 'API_KEY_EXPIRY_INVALID') && typeof error.details?.['maxLifetimeDays'] === 'number')
    return {
      field: 'lifetime',
      message: `Your organisation allows keys of at most ${error.details['maxLifetimeDays']} days.`,
    };
  if (isErrorCode(error, 'API_KEY_SCOPE_NOT_ALLOWED') && typeof error.details?.['scope'] === 'string')
    return { field: 'scopes', message: `This key cannot be given ${error.details['scope']}.` };
  if (isErrorCode(error, 'BAD_USER_INPUT') && typeof error.details?.field === 'string')
    return { field: error.details.field, message: error.message };
  return { message: describeError(error) };
}

/**
 * A new key: name, permissions (out of `scopes`), expiry (7 to 90 days or a date, within the
 * tenant's limit), and optionally the addresses it may be used from and a rate limit. Steps up when
 * the sign-in is not recent; `onCreated` gets the secret.
 */
export function NewKeyForm({
  title,
  ownerId,
  scopes,
  maxLifetimeDays,
  onCreated,
  onCancel,
}: {
  title: string;
  /** A service account; left out: the signed-in person's own key. */
  ownerId?: string;
  scopes: readonly string[];
  maxLifetimeDays: number;
  onCreated(created: NewSecret): void;
  onCancel(): void;
}) {
  const withStepUp = useStepUp();
  const descriptions = usePermissionDescriptions();
  const lifetimes = lifetimesUpTo(maxLifetimeDays);
  const [failure, setFailure] = useState<unknown>();
  const form = useForm<KeyValues>({
    resolver: zodResolver(keySchema(maxLifetimeDays)),
    defaultValues: {
      name: '',
      scopes: [],
      lifetime: String(lifetimes.includes(30) ? 30 : lifetimes.at(-1)),
      expiresOn: '',
      allowedCidrs: '',
      rateLimitPerMinute: '',
    },
  });
  const { errors, isSubmitting, isSubmitted } = form.formState;
  const [chosen, lifetime] = form.watch(['scopes', 'lifetime']);
  const refusal = failure === undefined ? undefined : keyRefusal(failure);
  const errorOf = (field: keyof KeyValues) =>
    errors[field]?.message ?? (refusal?.field === field ? refusal.message : undefined);

  const submit = form.handleSubmit(async (values) => {
    setFailure(undefined);
    const expiresAt =
      values.lifetime === 'date'
        ? endOfDay(values.expiresOn, maxLifetimeDays)
        : new Date(Date.now() + Number(values.lifetime) * DAY);
    const input = {
      name: values.name,
      ownerId: ownerId ?? null,
      scopes: values.scopes,
      expiresAt: expiresAt?.toISOString() ?? '',
      allowedCidrs: listOf(values.allowedCidrs),
      rateLimitPerMinute: values.rateLimitPerMinute ? Number(values.rateLimitPerMinute) : null,
    };
    try {
      const { createApiKey } = await withStepUp(() => api.request(CreateApiKeyDocument, { input }));
      onCreated(createApiKey);
    } catch (error) {
      setFailure(error);
    }
  });

  return (
    <form onSubmit={submit} noValidate className="card space-y-4" aria-label={title}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {refusal && !KEY_FIELDS.has(refusal.field ?? '') && <Alert>{refusal.message}</Alert>}
      <Field
        label="Name"
        hint="What uses it, e.g. the script or the server."
        maxLength={100}
        error={errorOf('name')}
        {...form.register('name')}
      />
      <fieldset>
        <legend className="label">Permissions</legend>
        <p className="mb-2 text-xs text-slate-600">
          A request with the key may do only this, and never more than {ownerId ? 'its owner' : 'you'} can at the time.
        </p>
        <div className="grid gap-2 sm:grid-cols-2">
          {scopes.map((scope) => (
            <label key={scope} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-1"
                checked={chosen.includes(scope)}
                onChange={(e) =>
                  form.setValue('scopes', e.target.checked ? [...chosen, scope] : chosen.filter((s) => s !== scope), {
                    shouldValidate: isSubmitted,
                  })
                }
              />
              <span>
                <span className="font-mono">{scope}</span>
                {descriptions.has(scope) && (
                  <span className="block text-xs text-slate-600">{descriptions.get(scope)}</span>
                )}
              </span>
            </label>
          ))}
        </div>
        {errorOf('scopes') && <p className="mt-1 text-sm text-red-700">{errorOf('scopes')}</p>}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <SelectField
            label="Expires"
            value={lifetime}
            onChange={(e) => form.setValue('lifetime', e.target.value)}
            aria-invalid={errorOf('lifetime') ? true : undefined}
          >
            {lifetimes.map((days) => (
              <option key={days} value={days}>
                In {days} days
              </option>
            ))}
            <option value="date">On a date…</option>
          </SelectField>
          {errorOf('lifetime') && <p className="mt-1 text-sm text-red-700">{errorOf('lifetime')}</p>}
        </div>
        {lifetime === 'date' && (
          <Field
            label="Expiry date"
            type="date"
            min={dateInput(new Date(Date.now() + DAY))}
            max={dateInput(new Date(Date.now() + maxLifetimeDays * DAY))}
            error={errorOf('expiresOn')}
            {...form.register('expiresOn')}
          />
        )}
        <Field
          label="Allowed addresses (optional)"
          hint="IP addresses or CIDR blocks, comma-separated, e.g. 203.0.113.0/24. Empty: any address."
          error={errorOf('allowedCidrs')}
          {...form.register('allowedCidrs')}
        />
        <Field
          label="Requests per minute at most (optional)"
          inputMode="numeric"
          hint="Empty: only your organisation’s limits apply."
          error={errorOf('rateLimitPerMinute')}
          {...form.register('rateLimitPerMinute')}
        />
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn" disabled={isSubmitting}>
          Create key
        </button>
      </div>
    </form>
  );
}

/** A key's secret, shown once: copied, then dismissed (the API keeps only its hash). */
export function KeySecret({ created, onDone }: { created: NewSecret; onDone(): void }) {
  const [copied, setCopied] = useState<boolean>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section aria-labelledby="key-secret" className="card space-y-4 border-amber-300 bg-amber-50">
      <h2 id="key-secret" className="text-lg font-semibold">
        Copy the secret of “{created.apiKey.name}” now
      </h2>
      <p className="text-sm text-slate-800">
        This is the only time it is shown: <strong>you will not see it again</strong>. Store it where it is needed (a
        secret manager, the tool’s settings). Lost, it cannot be recovered: rotate the key instead.
      </p>
      <Field
        label="Secret of the key"
        className="field font-mono"
        readOnly
        autoFocus
        value={created.secret}
        onFocus={(e) => e.target.select()}
        hint={
          <>
            Send it as <code>Authorization: Bearer &lt;key&gt;</code> or <code>X-API-Key: &lt;key&gt;</code>.
          </>
        }
      />
      {copied === true && <Alert kind="success">Copied.</Alert>}
      {copied === false && <Alert>The browser did not allow copying: select the secret and copy it yourself.</Alert>}
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" onClick={() => void copy()}>
          Copy secret
        </button>
        <button type="button" className="btn" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </section>
  );
}

const OVERLAPS: ReadonlyArray<readonly [ApiKeyOverlap, string]> = [
  ['NONE', 'Stops at once'],
  ['ONE_HOUR', 'Works one more hour'],
  ['ONE_DAY', 'Works one more day'],
  ['SEVEN_DAYS', 'Works seven more days'],
];

/** Rotating a key: a new secret (shown once) for the same key; the old one keeps working as long as chosen. */
export function RotateKeyDialog({
  apiKey,
  onClose,
  onRotated,
}: {
  apiKey: ApiKey;
  onClose(): void;
  onRotated(created: NewSecret): void;
}) {
  const withStepUp = useStepUp();
  const [overlap, setOverlap] = useState<ApiKeyOverlap>('ONE_HOUR');
  const rotate = useMutation({
    mutationFn: () => withStepUp(() => api.request(RotateApiKeyDocument, { input: { id: apiKey.id, overlap } })),
    onSuccess: ({ rotateApiKey }) => onRotated(rotateApiKey),
  });
  return (
    <Modal open onClose={onClose} title={`Rotate ${apiKey.name}`}>
      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          rotate.mutate();
        }}
      >
        <p className="text-sm text-slate-700">
          A new secret, with the same permissions, addresses, limit and expiry. Give the tools using {apiKey.display}{' '}
          the new one before the old one stops.
        </p>
        {rotate.error && <Alert>{describeError(rotate.error)}</Alert>}
        <SelectField
          label="The old secret"
          value={overlap}
          onChange={(e) => setOverlap(e.target.value as ApiKeyOverlap)}
        >
          {OVERLAPS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn" disabled={rotate.isPending}>
            Rotate key
          </button>
        </div>
      </form>
    </Modal>
  );
}

const STATUS_TONE: Record<ApiKeyStatus, string> = {
  ACTIVE: 'bg-emerald-100 text-emerald-900',
  EXPIRED: 'bg-slate-100 text-slate-800',
  REVOKED: 'bg-red-100 text-red-900',
};

/** Keys, newest first as the API lists them: what each may do, whether it works, when it was last used. */
export function KeyTable({
  keys,
  caption,
  owner,
  actions,
}: {
  keys: readonly ApiKey[];
  caption: string;
  /** The owner column (the console's list of every key). */
  owner?: (key: ApiKey) => ReactNode;
  actions(key: ApiKey): ReactNode;
}) {
  return (
    <div className="card overflow-x-auto p-0">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2">
              Key
            </th>
            {owner && <th scope="col">Owner</th>}
            <th scope="col">Permissions</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} className="border-b border-slate-100 align-top">
              <td className="px-4 py-2">
                <span className="font-medium">{key.name}</span>
                <span className="block font-mono text-xs text-slate-600">{key.display}</span>
              </td>
              {owner && <td className="py-2">{owner(key)}</td>}
              <td className="py-2 font-mono text-xs">{key.scopes.join(', ')}</td>
              <td className="py-2">
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_TONE[key.status]}`}>
                  {key.status.toLowerCase()}
                </span>
              </td>
              <td className="py-2 whitespace-nowrap">{formatDate(key.expiresAt)}</td>
              <td className="py-2">
                {formatDate(key.lastUsedAt)}
                {key.lastUsedIp && <span className="block text-xs text-slate-600">from {key.lastUsedIp}</span>}
              </td>
              <td className="space-x-2 py-2 pr-4 text-right whitespace-nowrap">{actions(key)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {keys.length === 0 && <p className="px-4 py-6 text-sm text-slate-600">No key yet.</p>}
    </div>
  );
}
