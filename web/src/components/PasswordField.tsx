import { forwardRef, type InputHTMLAttributes } from 'react';
import { isErrorCode } from '@tradesage/client';
import { PASSWORD_RULES } from '../api.ts';
import { Field } from './ui.tsx';

/**
 * A new password, with the rules the API refused it for listed one by one (the API checks the
 * organisation's policy; every rule broken comes back in `details.problems`).
 */
export const NewPasswordField = forwardRef<
  HTMLInputElement,
  InputHTMLAttributes<HTMLInputElement> & { label?: string; error?: string | undefined; refusal?: unknown }
>(function NewPasswordField({ label = 'New password', error, refusal, ...input }, ref) {
  const problems = passwordProblems(refusal);
  return (
    <Field
      ref={ref}
      label={label}
      type="password"
      autoComplete="new-password"
      error={error}
      hint={
        problems.length > 0 ? (
          <ul aria-label="Password rules not met" className="list-inside list-disc text-red-700">
            {problems.map((code) => (
              <li key={code}>{PASSWORD_RULES[code] ?? code}</li>
            ))}
          </ul>
        ) : (
          'A long passphrase works best. Your organisation’s rules are checked when you save.'
        )
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
