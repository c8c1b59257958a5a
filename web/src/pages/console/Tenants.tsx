import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ActivateTenantDocument,
  CancelTenantDocument,
  ConsoleTenantsDocument,
  CreateTenantDocument,
  RestoreTenantDocument,
  SetTenantPlanDocument,
  SuspendTenantDocument,
  type TenantFieldsFragment,
  type TenantPlan,
  type TenantStatus,
} from '@tradesage/client';
import { useState, type FormEvent } from 'react';
import { api, describeError } from '../../api.ts';
import { Pager, useCursorPages } from '../../components/paging.tsx';
import { Modal } from '../../components/Modal.tsx';
import { Alert, Field, FilterSelect, formatDate, SelectField } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';
import { TenantDetail } from './TenantDetail.tsx';

const STATUSES: readonly TenantStatus[] = ['PENDING', 'ACTIVE', 'SUSPENDED', 'CANCELLED', 'PURGED'];
const PLANS: readonly TenantPlan[] = ['FREE', 'TEAM', 'ENTERPRISE'];

type Action =
  | { kind: 'activate' | 'cancel' | 'restore'; tenant: TenantFieldsFragment }
  | { kind: 'suspend'; tenant: TenantFieldsFragment; reason: string }
  | { kind: 'plan'; tenant: TenantFieldsFragment; plan: TenantPlan };

/** Platform administrators: every tenant, its lifecycle (with the reason of a suspension) and plan. */
export function Tenants() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<TenantStatus | ''>('');
  const pages = useCursorPages();
  const [creating, setCreating] = useState(false);
  const [suspending, setSuspending] = useState<TenantFieldsFragment>();
  const [showing, setShowing] = useState<TenantFieldsFragment>();
  const variables = {
    filter: { ...(search.trim() ? { search: search.trim() } : {}), ...(status ? { status } : {}) },
    first: 25,
    after: pages.after,
  };
  const tenants = useQuery({
    queryKey: ['tenants', variables],
    queryFn: ({ signal }) => api.request(ConsoleTenantsDocument, variables, { signal }),
    placeholderData: keepPreviousData,
  });
  const act = useMutation({
    mutationFn: async (action: Action) => {
      const id = action.tenant.id;
      if (action.kind === 'activate') await api.request(ActivateTenantDocument, { id });
      if (action.kind === 'cancel') await api.request(CancelTenantDocument, { id });
      if (action.kind === 'restore') await api.request(RestoreTenantDocument, { id });
      if (action.kind === 'suspend') await api.request(SuspendTenantDocument, { id, reason: action.reason });
      if (action.kind === 'plan') await api.request(SetTenantPlanDocument, { id, plan: action.plan });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tenants'] }),
  });
  const writable = can('tenants:write');
  const page = tenants.data?.tenants;
  const failure: unknown = tenants.error ?? act.error;
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Tenants</h1>
        {writable && (
          <button type="button" className="btn" onClick={() => setCreating(true)}>
            New tenant
          </button>
        )}
      </div>
      <form role="search" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <div className="min-w-60 grow">
          <Field
            label="Search by slug or name"
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              pages.reset();
            }}
          />
        </div>
        <FilterSelect
          label="Status"
          value={status}
          values={STATUSES}
          onChange={(value) => {
            setStatus(value);
            pages.reset();
          }}
        />
      </form>
      {failure != null && <Alert>{describeError(failure)}</Alert>}
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Tenants</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2">
                Tenant
              </th>
              <th scope="col">Status</th>
              <th scope="col">Plan</th>
              <th scope="col">Created</th>
              {writable && (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {page?.edges.map(({ node: t }) => (
              <tr key={t.id} className="border-b border-slate-100 align-top">
                <td className="px-4 py-2">
                  <button type="button" className="link font-medium" onClick={() => setShowing(t)}>
                    {t.name}
                  </button>{' '}
                  <span className="font-mono text-xs text-slate-600">{t.slug}</span>
                  {t.domain && <span className="block text-xs text-slate-600">{t.domain}</span>}
                </td>
                <td className="py-2">
                  {t.status.toLowerCase()}
                  {t.suspensionReason && <span className="block text-xs text-slate-600">{t.suspensionReason}</span>}
                </td>
                <td className="py-2">
                  {writable ? (
                    <select
                      aria-label={`Plan of ${t.slug}`}
                      className="field py-1"
                      value={t.plan}
                      onChange={(e) => act.mutate({ kind: 'plan', tenant: t, plan: e.target.value as TenantPlan })}
                    >
                      {PLANS.map((p) => (
                        <option key={p} value={p}>
                          {p.toLowerCase()}
                        </option>
                      ))}
                    </select>
                  ) : (
                    t.plan.toLowerCase()
                  )}
                </td>
                <td className="py-2">{formatDate(t.createdAt)}</td>
                {writable && (
                  <td className="space-x-2 py-2 pr-4 text-right whitespace-nowrap">
                    {t.status === 'PENDING' && (
                      <button
                        type="button"
                        className="btn-secondary"
                        onClick={() => act.mutate({ kind: 'activate', tenant: t })}
                      >
                        Activate<span className="sr-only"> {t.slug}</span>
                      </button>
                    )}
                    {t.status === 'ACTIVE' && t.slug !== 'platform' && (
                      <button type="button" className="btn-secondary" onClick={() => setSuspending(t)}>
                        Suspend<span className="sr-only"> {t.slug}</span>
                      </button>
                    )}
                    {t.status === 'SUSPENDED' && (
                      <button
                        type="button"
                        className="btn-secondary"
                        onClick={() => act.mutate({ kind: 'restore', tenant: t })}
                      >
                        Restore<span className="sr-only"> {t.slug}</span>
                      </button>
                    )}
                    {(t.status === 'ACTIVE' || t.status === 'SUSPENDED') && t.slug !== 'platform' && (
                      <button
                        type="button"
                        className="btn-danger"
                        onClick={() =>
                          window.confirm(`Cancel ${t.name}? Its users are signed out.`) &&
                          act.mutate({ kind: 'cancel', tenant: t })
                        }
                      >
                        Cancel<span className="sr-only"> {t.slug}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager pages={pages} pageInfo={page?.pageInfo} />
      {showing && <TenantDetail key={showing.id} tenant={showing} />}
      <SuspendDialog
        tenant={suspending}
        onClose={() => setSuspending(undefined)}
        onSuspend={(reason) => {
          if (suspending) act.mutate({ kind: 'suspend', tenant: suspending, reason });
          setSuspending(undefined);
        }}
      />
      <CreateDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          void queryClient.invalidateQueries({ queryKey: ['tenants'] });
        }}
      />
    </div>
  );
}

function SuspendDialog(props: {
  tenant: TenantFieldsFragment | undefined;
  onClose(): void;
  onSuspend(reason: string): void;
}) {
  const [reason, setReason] = useState('');
  return (
    <Modal open={props.tenant !== undefined} onClose={props.onClose} title={`Suspend ${props.tenant?.name ?? ''}`}>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          props.onSuspend(reason.trim());
          setReason('');
        }}
      >
        <p className="text-sm text-slate-700">Its users are signed out and cannot sign in until it is restored.</p>
        <Field
          label="Reason (shown to platform administrators)"
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={props.onClose}>
            Keep it active
          </button>
          <button type="submit" className="btn-danger" disabled={!reason.trim()}>
            Suspend
          </button>
        </div>
      </form>
    </Modal>
  );
}

function CreateDialog(props: { open: boolean; onClose(): void; onCreated(): void }) {
  const [values, setValues] = useState({ slug: '', name: '', adminEmail: '', plan: 'FREE' as TenantPlan });
  const [failure, setFailure] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    try {
      await api.request(CreateTenantDocument, {
        input: { ...values, slug: values.slug.trim(), name: values.name.trim(), adminEmail: values.adminEmail.trim() },
      });
      props.onCreated();
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <Modal open={props.open} onClose={props.onClose} title="New tenant">
      <form onSubmit={submit} className="space-y-4" noValidate>
        {failure !== undefined && <Alert>{describeError(failure)}</Alert>}
        <Field
          label="Slug"
          value={values.slug}
          onChange={(e) => setValues({ ...values, slug: e.target.value })}
          hint="Lowercase letters, digits and hyphens"
        />
        <Field label="Name" value={values.name} onChange={(e) => setValues({ ...values, name: e.target.value })} />
        <Field
          label="First administrator's email (invited)"
          type="email"
          value={values.adminEmail}
          onChange={(e) => setValues({ ...values, adminEmail: e.target.value })}
        />
        <SelectField
          label="Plan"
          value={values.plan}
          onChange={(e) => setValues({ ...values, plan: e.target.value as TenantPlan })}
        >
          {PLANS.map((p) => (
            <option key={p} value={p}>
              {p.toLowerCase()}
            </option>
          ))}
        </SelectField>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn">
            Create tenant
          </button>
        </div>
      </form>
    </Modal>
  );
}
