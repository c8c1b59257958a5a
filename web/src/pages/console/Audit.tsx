import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AuditEventsDocument, type AuditEventFieldsFragment, type AuditResult } from '@tradesage/client';
import { useState } from 'react';
import { api, describeError } from '../../api.ts';
import { Pager, useCursorPages } from '../../components/paging.tsx';
import { Alert, Field, FilterSelect, formatDate } from '../../components/ui.tsx';

const PAGE = 50;
const RESULTS: readonly AuditResult[] = ['SUCCESS', 'FAILURE', 'REFUSED'];
/** At most this many events go into one CSV export (pages of 100 fetched in turn). */
const EXPORT_MAX = 10_000;

interface Filter {
  action: string;
  actorId: string;
  result: AuditResult | '';
  from: string;
  to: string;
}

function toApiFilter(filter: Filter) {
  return {
    ...(filter.action.trim() ? { action: filter.action.trim() } : {}),
    ...(filter.actorId.trim() ? { actorId: filter.actorId.trim() } : {}),
    ...(filter.result ? { result: filter.result } : {}),
    ...(filter.from ? { from: new Date(filter.from).toISOString() } : {}),
    ...(filter.to ? { to: new Date(filter.to).toISOString() } : {}),
  };
}

/** The tenant's audit log: filters, pages, and the filtered events as CSV. */
export function Audit() {
  const [draft, setDraft] = useState<Filter>({ action: '', actorId: '', result: '', from: '', to: '' });
  const [filter, setFilter] = useState(draft);
  const pages = useCursorPages();
  const [exporting, setExporting] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const variables = { filter: toApiFilter(filter), first: PAGE, after: pages.after };
  const events = useQuery({
    queryKey: ['audit', variables],
    queryFn: ({ signal }) => api.request(AuditEventsDocument, variables, { signal }),
    placeholderData: keepPreviousData,
  });
  const page = events.data?.auditEvents;
  const failure: unknown = events.error ?? exporting.error;

  const exportCsv = async () => {
    setExporting({ busy: true });
    try {
      const rows: AuditEventFieldsFragment[] = [];
      let after: string | null = null;
      do {
        const {
          auditEvents,
        }: {
          auditEvents: {
            edges: Array<{ node: AuditEventFieldsFragment }>;
            pageInfo: { hasNextPage: boolean; endCursor?: string | null };
          };
        } = await api.request(AuditEventsDocument, { filter: variables.filter, first: 100, after });
        rows.push(...auditEvents.edges.map((edge) => edge.node));
        after = auditEvents.pageInfo.hasNextPage ? (auditEvents.pageInfo.endCursor ?? null) : null;
      } while (after && rows.length < EXPORT_MAX);
      download(`audit-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(rows));
      setExporting({ busy: false });
    } catch (error) {
      setExporting({ busy: false, error });
    }
  };

  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <button type="button" className="btn-secondary" disabled={exporting.busy} onClick={() => void exportCsv()}>
          {exporting.busy ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <form
        className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(draft);
          pages.reset();
        }}
      >
        <Field
          label="Action"
          placeholder="login.failed"
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
        />
        <Field
          label="Actor id"
          value={draft.actorId}
          onChange={(e) => setDraft({ ...draft, actorId: e.target.value })}
        />
        <FilterSelect
          label="Result"
          value={draft.result}
          values={RESULTS}
          onChange={(result) => setDraft({ ...draft, result })}
        />
        <Field
          label="From"
          type="datetime-local"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
        <Field
          label="To"
          type="datetime-local"
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        />
        <div className="flex items-end">
          <button type="submit" className="btn w-full">
            Apply
          </button>
        </div>
      </form>
      {failure != null && <Alert>{describeError(failure)}</Alert>}
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Audit events, newest first</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2">
                When
              </th>
              <th scope="col">Action</th>
              <th scope="col">Result</th>
              <th scope="col">Actor</th>
              <th scope="col">Target</th>
              <th scope="col">Address</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {page?.edges.map(({ node: e }) => (
              <tr key={e.id} className="border-b border-slate-100 align-top">
                <td className="px-4 py-2 whitespace-nowrap">{formatDate(e.at)}</td>
                <td className="py-2 font-mono">{e.action}</td>
                <td className="py-2">{e.result.toLowerCase()}</td>
                <td className="py-2 font-mono text-xs">{e.actorId ?? '—'}</td>
                <td className="py-2 text-xs">{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
                <td className="py-2">{e.ip ?? '—'}</td>
                <td className="max-w-xs truncate py-2 font-mono text-xs" title={e.data}>
                  {e.data === '{}' ? '' : e.data}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && page.edges.length === 0 && <p className="px-4 py-6 text-sm text-slate-600">No event matches.</p>}
      </div>
      <Pager pages={pages} pageInfo={page?.pageInfo} labels={['Newer', 'Older']} />
    </div>
  );
}

const COLUMNS = [
  'at',
  'action',
  'result',
  'actorId',
  'targetType',
  'targetId',
  'ip',
  'userAgent',
  'requestId',
  'data',
] as const;

/**
 * RFC 4180 CSV. A cell a spreadsheet would run as a formula (starting with = + - @, tab or
 * carriage return) is prefixed with a quote (OWASP "CSV injection").
 */
export function toCsv(rows: readonly AuditEventFieldsFragment[]): string {
  const cell = (value: unknown) => {
    let text = value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return (
    [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((column) => cell(row[column])).join(','))].join('\r\n') +
    '\r\n'
  );
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
