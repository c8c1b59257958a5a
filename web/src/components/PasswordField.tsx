import { useQuery } from '@tanstack/react-query';
import { isErrorCode, PasswordRequirementsDocument, type PasswordRequirementsQuery } from '@tradesage/client';
import { forwardRef, type InputHTMLAttributes } from 'react';
import { api, PASSWORD_RULES } from '../api.ts';
import { Field } from './ui.tsx';

export type PasswordRequirements = PasswordRequirementsQuery['passwordRequirements'];

/** The password policy of a tenant (slug or custom domain), when one is named. */
export function usePasswordRequirements(tenant: string | undefined): PasswordRequirements | undefined {
  const name = tenant?.trim() ?? '';
  const query = useQuery({
    queryKey: ['passwordRequirements', name],
    queryFn: ({ signal }) => api.request(PasswordRequirementsDocument, { tenant: name }, { signal }),
    enabled: name.length > 0,
    staleTime: 5 * 60_000,
  });
  return query.data?.passwordRequirements;
}

/**
 * The policy's rules, each met or not by `password` as it is typed (the same tests as the API's).
 * Whether it is a common password or contains the email address only the API can tell, on saving.
 */
export function passwordChecks(password: string, rules: PasswordRequirements): Array<{ label: string; met: boolean }> {
  const normalized = password.normalize('NFC');
  return [
    { label: `At least ${rules.minLength} characters`, met: [...normalized].length >= rules.minLength },
    { label: `At most ${rules.maxBytes} bytes`, met: new TextEncoder().encode(normalized).length <= rules.maxBytes },
    ...(rules.requireUppercase ? [{ label: 'An uppercase letter', met: /\p{Lu}/u.test(normalized) }] : []),
    ...(rules.requireLowercase ? [{ label: 'A lowercase letter', met: /\p{Ll}/u.test(normalized) }] : []),
    ...(rules.requireDigit ? [{ label: 'A digit', met: /\p{Nd}/u.test(normalized) }] : []),
    ...(rules.requireSymbol ? [{ label: 'A symbol', met: /[^\p{L}\p{N}\s]/u.test(normalized) }] : []),
  ];
}

/**
 * A new password. With the tenant's requirements, each rule is shown met or not as the person
 * types; the rules the API refused it for (`details.problems`) are listed after saving.
 */
export const NewPasswordField = forwardRef<
  HTMLInputElement,
  InputHTMLAttributes<HTMLInputElement> & {
    label?: string;
    error?: string | undefined;
    refusal?: unknown;
    requirements?: PasswordRequirements | undefined;
    /** The password as typed so far (for the live checks). */
    typed?: string;
  }
>(function NewPasswordField({ label = 'New password', error, refusal, requirements, typed = '', ...input }, ref) {
  const problems = passwordProblems(refusal);
  const checks = requirements ? passwordChecks(typed, requirements) : [];
  return (
    <Field
      ref={ref}
      label={label}
      type="password"
      autoComplete="new-password"
      error={error}
      hint={
        <>
          {checks.length > 0 ? (
            <ul aria-label="Password rules" className="space-y-0.5">
              {checks.map((check) => (
                <li key={check.label} className={check.met ? 'text-emerald-800' : 'text-slate-700'}>
                  <span aria-hidden="true">{check.met ? '✓' : '○'}</span> {check.label}
                  <span className="sr-only">{check.met ? ' (met)' : ' (not met yet)'}</span>
                </li>
              ))}
            </ul>
          ) : problems.length === 0 ? (
            'A long passphrase works best. Your organisation’s rules are checked when you save.'
          ) : null}
          {problems.length > 0 && (
            <ul aria-label="Password rules not met" className="mt-1 list-inside list-disc text-red-700">
              {problems.map((code) => (
                <li key={code}>{PASSWORD_RULES[code] ?? code}</li>
              ))}
            </ul>
          )}
        </>
      }
      {...input}
    />
  );
});

/** The password rules an API error says were broken. */
export function passwordProblems(error: unknown): string[] {
  if (
    !isErrorCode(
      error,
      'PASSWORD_TOO_SHORT',
      'PASSWORD_TOO_LONG',
      'PASSWORD_TOO_COMMON',
      'PASSWORD_CONTAINS_IDENTITY',
      'PASSWORD_MISSING_UPPERCASE',
      'PASSWORD_MISSING_LOWERCASE',
      'PASSWORD_MISSING_DIGIT',
      'PASSWORD_MISSING_SYMBOL',
    )
  )
    return [];
  return error.details.problems;
}
