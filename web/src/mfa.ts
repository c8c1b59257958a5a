import {
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { MfaFactorKind } from '@tradesage/client';

/** Each kind of second factor in words. */
export const FACTOR_LABELS: Record<MfaFactorKind, string> = {
  TOTP: 'Authenticator app',
  PASSKEY: 'Passkey',
  RECOVERY_CODE: 'Recovery codes',
  EMAIL: 'Code by email',
  SMS: 'Code by SMS',
};

/** Factors weaker than an app or a passkey (NIST SP 800-63B-4: email is not out-of-band, SMS is restricted). */
export const WEAKER_FACTORS: ReadonlySet<MfaFactorKind> = new Set(['EMAIL', 'SMS']);

/**
 * How a session was authenticated, in words, from its RFC 8176 methods: `pwd` a password, `otp` a
 * one-time code (authenticator app, recovery or email code), `sms`, `hwk` + `user` a passkey,
 * `device` a trusted device standing in for the second factor, `fed` a social sign-in (a provider
 * such as Google vouched for the person).
 */
export function methodsLabel(methods: readonly string[] | undefined): string {
  if (!methods || methods.length === 0) return '—';
  const has = (method: string) => methods.includes(method);
  const second = has('hwk') ? 'passkey' : has('otp') ? 'one-time code' : has('sms') ? 'SMS code' : undefined;
  if (has('fed')) return second ? `Social sign-in + ${second}` : 'Social sign-in';
  if (!has('pwd')) return second === 'passkey' ? 'Passkey' : (second ?? methods.join(', '));
  if (second) return `Password + ${second}`;
  return has('device') ? 'Password (trusted device)' : 'Password';
}

/**
 * Answers a WebAuthn request (a sign-in's or step-up's `passkeyOptions`) with a passkey of this
 * device: the JSON of the browser's credential, as the API takes it.
 */
export async function passkeyAnswer(optionsJson: string): Promise<string> {
  const optionsJSON = JSON.parse(optionsJson) as PublicKeyCredentialRequestOptionsJSON;
  return JSON.stringify(await startAuthentication({ optionsJSON }));
}

/** Creates a passkey on this device from the API's creation options: the JSON of the browser's credential. */
export async function passkeyRegistration(optionsJson: string): Promise<string> {
  const optionsJSON = JSON.parse(optionsJson) as PublicKeyCredentialCreationOptionsJSON;
  return JSON.stringify(await startRegistration({ optionsJSON }));
}
