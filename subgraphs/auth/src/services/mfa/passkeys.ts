import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { BadInputError } from '@tradesage/core';

/**
 * Passkeys (WebAuthn L2/L3) over @simplewebauthn/server: options for the browser and verification
 * of its answers. No storage here: the caller keeps the challenge it handed out and the passkeys.
 * Every answer is untrusted input, so any failure to verify one is MFA_PASSKEY_INVALID with a plain
 * message that never echoes the answer (the library's own messages quote challenges and origins).
 */

export type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON };

export interface StoredPasskey {
  /** base64url, unpadded, as the browser sends it in `id`. */
  readonly credentialId: string;
  /** The COSE public key, as registration returned it. */
  readonly publicKey: Uint8Array;
  readonly counter: number;
  readonly transports: readonly string[];
}

export interface RelyingParty {
  /** The rpId: a host name the origins are on (WebAuthn §5.1.3 checks it against the origin). */
  readonly id: string;
  readonly name: string;
  /** The exact origins answers may come from (`https://host[:port]`). */
  readonly origins: readonly string[];
}

export interface VerifiedPasskeyRegistration {
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  backedUp: boolean;
  deviceType: 'singleDevice' | 'multiDevice';
  userVerified: boolean;
}

// ES256 and RS256: what platform authenticators and security keys make (no EdDSA, no PQC).
const ALGORITHMS = [-7, -257];
const TIMEOUT_MS = 5 * 60 * 1000;
// WebAuthn §4 "Credential ID": at most 1023 bytes (1364 base64url characters); real ones are 16 bytes
// or more, and anything under 12 bytes (16 characters) is not one.
const CREDENTIAL_ID = /^[A-Za-z0-9_-]{16,1364}$/;
// A whole answer carries a few kilobytes at most (attestation certificates are the largest part).
const MAX_FIELD_CHARS = 64 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

function invalid(message: string): BadInputError {
  return new BadInputError('MFA_PASSKEY_INVALID', message);
}

/** Options for `navigator.credentials.create`: a discoverable credential with user verification. */
export async function passkeyRegistrationOptions(input: {
  rp: RelyingParty;
  user: { id: string; name: string; displayName: string };
  exclude: readonly StoredPasskey[];
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: input.rp.name,
    rpID: input.rp.id,
    // The user handle is the user's id as 16 bytes: no personal data (WebAuthn §14.6.1).
    userID: uuidToBytes(input.user.id),
    userName: input.user.name,
    userDisplayName: input.user.displayName,
    timeout: TIMEOUT_MS,
    attestationType: 'none',
    // The same authenticator twice is refused by the authenticator itself (WebAuthn §5.4 excludeCredentials).
    excludeCredentials: input.exclude.map((passkey) => ({
      id: passkey.credentialId,
      transports: [...passkey.transports],
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

/** Verifies the browser's answer to `passkeyRegistrationOptions` (WebAuthn §7.1). */
export async function verifyPasskeyRegistration(input: {
  rp: RelyingParty;
  response: unknown;
  expectedChallenge: string;
}): Promise<VerifiedPasskeyRegistration> {
  const response = registrationResponseOf(input.response);
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: [...input.rp.origins],
      expectedRPID: input.rp.id,
      expectedType: 'webauthn.create',
      requireUserPresence: true,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch {
    // The library throws plain errors for every check it fails (and its parsers on malformed CBOR
    // or JSON); their messages quote the answer, so none reaches the client.
    throw invalid('The passkey registration does not verify');
  }
  if (!verification.verified) throw invalid('The passkey registration does not verify');
  const info = verification.registrationInfo;
  // The id the browser names must be the one the authenticator created (§7.1 steps 22-24 store that one).
  if (info.credential.id !== response.id) throw invalid('The passkey registration does not verify');
  return {
    credentialId: info.credential.id,
    publicKey: new Uint8Array(info.credential.publicKey),
    counter: info.credential.counter,
    transports: transportsOf(response.response.transports),
    backedUp: info.credentialBackedUp,
    deviceType: info.credentialDeviceType,
    userVerified: info.userVerified,
  };
}

/**
 * Options for `navigator.credentials.get`. With `allow`, only those passkeys (a known user: second
 * factor or step-up); without it, any discoverable passkey for the rpId (passwordless sign-in).
 */
export async function passkeyAuthenticationOptions(input: {
  rp: RelyingParty;
  allow?: readonly StoredPasskey[];
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: input.rp.id,
    ...(input.allow
      ? { allowCredentials: input.allow.map((p) => ({ id: p.credentialId, transports: [...p.transports] })) }
      : {}),
    timeout: TIMEOUT_MS,
    userVerification: 'required',
  });
}

/** The credential id an untrusted answer names, when it is plausibly one, to look the passkey up by. */
export function credentialIdOf(response: unknown): string | null {
  if (!isRecord(response)) return null;
  const id = response['id'];
  return typeof id === 'string' && isCredentialId(id) ? id : null;
}

/**
 * The user id in an untrusted answer's user handle (passwordless sign-in names its user this way),
 * or null. The caller must still check that the passkey it found belongs to that user (§7.2 step 6).
 */
export function userHandleOf(response: unknown): string | null {
  if (!isRecord(response) || !isRecord(response['response'])) return null;
  const handle = response['response']['userHandle'];
  if (typeof handle !== 'string' || handle.length !== 22 || !BASE64URL.test(handle)) return null;
  const bytes = Buffer.from(handle, 'base64url');
  // Round trip: a non-canonical encoding (stray low bits in the last character) is not ours.
  if (bytes.length !== 16 || bytes.toString('base64url') !== handle) return null;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Verifies the browser's answer to `passkeyAuthenticationOptions` with the passkey it names (§7.2). */
export async function verifyPasskeyAuthentication(input: {
  rp: RelyingParty;
  response: unknown;
  expectedChallenge: string;
  passkey: StoredPasskey;
}): Promise<{ newCounter: number; userVerified: boolean }> {
  const response = authenticationResponseOf(input.response);
  // §7.2 step 5/6: the answer must be from the passkey we verify it with.
  if (response.id !== input.passkey.credentialId) throw invalid('The passkey answer does not verify');
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: [...input.rp.origins],
      expectedRPID: input.rp.id,
      expectedType: 'webauthn.get',
      credential: {
        id: input.passkey.credentialId,
        publicKey: new Uint8Array(input.passkey.publicKey),
        counter: input.passkey.counter,
        transports: [...input.passkey.transports],
      },
      // The library then also refuses a counter that does not go up once either side is non-zero
      // (§7.2 step 21: a cloned authenticator).
      requireUserVerification: true,
    });
  } catch {
    throw invalid('The passkey answer does not verify');
  }
  if (!verification.verified) throw invalid('The passkey answer does not verify');
  return {
    newCounter: verification.authenticationInfo.newCounter,
    userVerified: verification.authenticationInfo.userVerified,
  };
}

function registrationResponseOf(value: unknown): RegistrationResponseJSON {
  const credential = credentialOf(value);
  const response = credential['response'];
  if (
    !isRecord(response) ||
    !isBase64UrlField(response['clientDataJSON']) ||
    !isBase64UrlField(response['attestationObject']) ||
    !(response['transports'] === undefined || Array.isArray(response['transports']))
  ) {
    throw invalid('Malformed passkey registration');
  }
  return {
    id: credential.id,
    rawId: credential.id,
    type: 'public-key',
    response: {
      clientDataJSON: response['clientDataJSON'],
      attestationObject: response['attestationObject'],
      transports: transportsOf(response['transports']),
    },
    clientExtensionResults: {},
  };
}

function authenticationResponseOf(value: unknown): AuthenticationResponseJSON {
  const credential = credentialOf(value);
  const response = credential['response'];
  if (
    !isRecord(response) ||
    !isBase64UrlField(response['clientDataJSON']) ||
    !isBase64UrlField(response['authenticatorData']) ||
    !isBase64UrlField(response['signature']) ||
    !(response['userHandle'] == null || isBase64UrlField(response['userHandle']))
  ) {
    throw invalid('Malformed passkey answer');
  }
  return {
    id: credential.id,
    rawId: credential.id,
    type: 'public-key',
    response: {
      clientDataJSON: response['clientDataJSON'],
      authenticatorData: response['authenticatorData'],
      signature: response['signature'],
      ...(typeof response['userHandle'] === 'string' ? { userHandle: response['userHandle'] } : {}),
    },
    clientExtensionResults: {},
  };
}

/** The fields both answers share (PublicKeyCredential's JSON form, WebAuthn L3 §5.1). */
function credentialOf(value: unknown): Record<string, unknown> & { id: string } {
  if (
    !isRecord(value) ||
    typeof value['id'] !== 'string' ||
    !isCredentialId(value['id']) ||
    value['rawId'] !== value['id'] ||
    value['type'] !== 'public-key'
  ) {
    throw invalid('Malformed passkey answer');
  }
  return value as Record<string, unknown> & { id: string };
}

/** Known transports only, once each: they are shown back to browsers as hints. */
function transportsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((t): t is string => typeof t === 'string' && TRANSPORTS.has(t)))];
}

function isCredentialId(id: string): boolean {
  // A length of 4n+1 characters decodes to no whole byte: not base64url.
  return CREDENTIAL_ID.test(id) && id.length % 4 !== 1;
}

function isBase64UrlField(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_FIELD_CHARS && BASE64URL.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function uuidToBytes(id: string): Uint8Array<ArrayBuffer> {
  if (!UUID.test(id)) throw new TypeError('A passkey user id must be a uuid');
  return new Uint8Array(Buffer.from(id.replaceAll('-', ''), 'hex'));
}
