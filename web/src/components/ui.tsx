import {
  forwardRef,
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
} from 'react';
import { Link } from 'react-router';

/** A labelled input with its error, tied together for assistive technology. */
export const Field = forwardRef<
  HTMLInputElement,
  InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | undefined; hint?: ReactNode }
>(function Field({ label, error, hint, id, ...input }, ref) {
  const generated = useId();
  const inputId = id ?? generated;
  const described = [error ? `${inputId}-error` : '', hint ? `${inputId}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor={inputId} className="label">
        {label}
      </label>
      <input
        ref={ref}
        id={inputId}
        className="field"
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
      {hint && (
        <div id={`${inputId}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${inputId}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
});

/** A labelled select, as Field is a labelled input. */
export function SelectField({
  label,
  id,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string }) {
  const generated = useId();
  const selectId = id ?? generated;
  return (
    <div>
      <label htmlFor={selectId} className="label">
        {label}
      </label>
      <select id={selectId} className="field" {...select}>
        {children}
      </select>
    </div>
  );
}

/**
 * A list's filter over a set of values: the empty value (`anyLabel`, "Any") or one of `values`,
 * each shown as `labelOf` says (lower case by default).
 */
export function FilterSelect<V extends string>({
  label,
  value,
  values,
  onChange,
  anyLabel = 'Any',
  labelOf = (v) => v.toLowerCase(),
}: {
  label: string;
  value: V | '';
  values: readonly V[];
  onChange(value: V | ''): void;
  anyLabel?: string;
  labelOf?: (value: V) => string;
}) {
  return (
    <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value as V | '')}>
      <option value="">{anyLabel}</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {labelOf(v)}
        </option>
      ))}
    </SelectField>
  );
}

/** A form-level message: announced when it appears. */
export function Alert({ kind = 'error', children }: { kind?: 'error' | 'success' | 'info'; children: ReactNode }) {
  const tone = {
    error: 'border-red-300 bg-red-50 text-red-900',
    success: 'border-emerald-300 bg-emerald-50 text-emerald-900',
    info: 'border-sky-300 bg-sky-50 text-sky-900',
  }[kind];
  return (
    <div role={kind === 'error' ? 'alert' : 'status'} className={`rounded-md border px-3 py-2 text-sm ${tone}`}>
      {children}
    </div>
  );
}

/** Seconds left of a wait, counting down to 0 once a second. */
export function useCountdown(seconds: number | undefined): number {
  const [left, setLeft] = useState(seconds ?? 0);
  useEffect(() => {
    setLeft(seconds ?? 0);
    if (!seconds) return undefined;
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [seconds]);
  return left;
}

/** Whole seconds until `deadline` (ms since the epoch), counting down to 0 once a second. */
export function useSecondsUntil(deadline: number | undefined): number {
  const [left, setLeft] = useState(() => secondsUntil(deadline));
  useEffect(() => {
    setLeft(secondsUntil(deadline));
    if (secondsUntil(deadline) === 0) return undefined;
    const timer = setInterval(() => {
      const remaining = secondsUntil(deadline);
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [deadline]);
  return left;
}

function secondsUntil(deadline: number | undefined): number {
  return deadline === undefined ? 0 : Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
}

/**
 * The centred card of the public account pages. `focusTitle`: the card replaced another on the same
 * page (a step of a flow), so its title takes the focus, and a screen reader reads on from there.
 */
export function AuthCard({
  title,
  children,
  footer,
  focusTitle = false,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
  focusTitle?: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusTitle) heading.current?.focus();
  }, [focusTitle]);
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <p className="mb-6 text-center text-lg font-bold tracking-tight text-indigo-800">TradeSage</p>
        <div className="card">
          <h1
            ref={heading}
            tabIndex={focusTitle ? -1 : undefined}
            className="mb-6 text-xl font-semibold focus:outline-none"
          >
            {title}
          </h1>
          {children}
        </div>
        {footer && <div className="mt-4 text-center text-sm text-slate-700">{footer}</div>}
      </div>
    </main>
  );
}

export function TextLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="link">
      {children}
    </Link>
  );
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
