import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * The JSON forms of WebAuthn options and answers (WebAuthn L3 §5.1, §5.4, §5.5), only the fields a
 * software authenticator reads or writes. Kept here so core does not depend on a WebAuthn library;
 * @simplewebauthn's types are assignable to the option types and accept the answer types.
 */
export interface PublicKeyCredentialCreationOptionsJSON {
  readonly rp: { readonly id?: string; readonly name: string };
  readonly user: { readonly id: string; readonly name: string; readonly displayName: string };
  readonly challenge: string;
  readonly pubKeyCredParams: readonly { readonly alg: number; readonly type: string }[];
  readonly excludeCredentials?: readonly { readonly id: string; readonly type: string }[];
}

export interface PublicKeyCredentialRequestOptionsJSON {
  readonly challenge: string;
  readonly rpId?: string;
  readonly allowCredentials?: readonly { readonly id: string; readonly type: string }[];
}

export interface RegistrationResponseJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  response: {
    clientDataJSON: string;
    attestationObject: string;
    authenticatorData: string;
    transports: string[];
    publicKeyAlgorithm: number;
    publicKey: string;
  };
  authenticatorAttachment: 'platform';
  clientExtensionResults: { credProps?: { rk: boolean } };
}

export interface AuthenticationResponseJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string };
  authenticatorAttachment: 'platform';
  clientExtensionResults: Record<string, never>;
}

interface HeldCredential {
  readonly rpId: string;
  readonly userHandle: string;
  readonly privateKey: KeyObject;
  signCount: number;
}

// Authenticator data flags (WebAuthn §6.1).
const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;
const ES256 = -7;
// A made-up AAGUID: 'none' attestation does not vouch for the model anyway.
const AAGUID = Buffer.from('5e5e5e5e5e5e4e5e8e5e5e5e5e5e5e5e', 'hex');

/**
 * A platform authenticator in memory for server tests: ES256 (P-256) discoverable credentials,
 * 'none' attestation, a signature counter per credential that goes up on every use. It does what it
 * is told and checks nothing a server must check itself: any origin, any challenge, and `userVerified:
 * false` makes it answer without the UV flag whatever the options ask.
 */
export class SoftwareAuthenticator {
  private readonly credentials = new Map<string, HeldCredential>();
  private readonly userVerified: boolean;
  private readonly backedUp: boolean;

  constructor(opts: { userVerified?: boolean; backedUp?: boolean } = {}) {
    this.userVerified = opts.userVerified ?? true;
    this.backedUp = opts.backedUp ?? false;
  }

  /** `navigator.credentials.create` (WebAuthn §5.1.3, authenticatorMakeCredential §6.3.2). */
  register(options: PublicKeyCredentialCreationOptionsJSON, origin: string): RegistrationResponseJSON {
    const rpId = options.rp.id ?? new URL(origin).hostname;
    if (!options.pubKeyCredParams.some((param) => param.type === 'public-key' && param.alg === ES256)) {
      throw new Error('NotSupportedError: the options do not offer ES256');
    }
    // §6.3.2 step 3: an authenticator holding an excluded credential for this rpId refuses.
    for (const excluded of options.excludeCredentials ?? []) {
      if (this.credentials.get(excluded.id)?.rpId === rpId) {
        throw new Error('InvalidStateError: this authenticator already holds an excluded credential');
      }
    }
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credentialId = randomBytes(32);
    const id = credentialId.toString('base64url');
    this.credentials.set(id, { rpId, userHandle: options.user.id, privateKey, signCount: 0 });

    const jwk = publicKey.export({ format: 'jwk' });
    if (!jwk.x || !jwk.y) throw new Error('P-256 key without coordinates');
    const coseKey = coseEc2PublicKey(Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url'));
    const credentialIdLength = Buffer.alloc(2);
    credentialIdLength.writeUInt16BE(credentialId.length);
    const authenticatorData = Buffer.concat([
      this.authenticatorDataHead(rpId, AT, 0),
      AAGUID,
      credentialIdLength,
      credentialId,
      coseKey,
    ]);
    const attestationObject = cborMap([
      [cborText('fmt'), cborText('none')],
      [cborText('attStmt'), cborMap([])],
      [cborText('authData'), cborBytes(authenticatorData)],
    ]);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: clientData('webauthn.create', options.challenge, origin).toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        authenticatorData: authenticatorData.toString('base64url'),
        transports: ['hybrid', 'internal'],
        publicKeyAlgorithm: ES256,
        publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'),
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: { credProps: { rk: true } },
    };
  }

  /**
   * `navigator.credentials.get` (WebAuthn §5.1.4, authenticatorGetAssertion §6.3.3). Answers with
   * `opts.credentialId` if given (even one the options do not allow, so tests can try that), else the
   * first allowed credential it holds for the rpId, else (discoverable) the last one it made for it.
   * `opts.userVerified` overrides the constructor's for this answer.
   */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    origin: string,
    opts: { credentialId?: string; userVerified?: boolean } = {},
  ): AuthenticationResponseJSON {
    const rpId = options.rpId ?? new URL(origin).hostname;
    const id = opts.credentialId ?? this.pick(rpId, options.allowCredentials);
    const credential = id === undefined ? undefined : this.credentials.get(id);
    if (id === undefined || !credential) throw new Error('NotAllowedError: no credential for this request');

    credential.signCount += 1;
    const authenticatorData = this.authenticatorDataHead(rpId, 0, credential.signCount, opts.userVerified);
    const clientDataJSON = clientData('webauthn.get', options.challenge, origin);
    const clientDataHash = createHash('sha256').update(clientDataJSON).digest();
    // §6.3.3 step 11: ECDSA over authenticatorData ‖ hash(clientDataJSON), DER-encoded (§6.5.5).
    const signature = sign('sha256', Buffer.concat([authenticatorData, clientDataHash]), credential.privateKey);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authenticatorData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: credential.userHandle,
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  private pick(rpId: string, allow: PublicKeyCredentialRequestOptionsJSON['allowCredentials']): string | undefined {
    if (allow && allow.length > 0) {
      return allow.find((descriptor) => this.credentials.get(descriptor.id)?.rpId === rpId)?.id;
    }
    return [...this.credentials].findLast(([, held]) => held.rpId === rpId)?.[0];
  }

  /** rpIdHash, flags and signCount: the fixed 37 bytes every authenticatorData starts with (§6.1). */
  private authenticatorDataHead(
    rpId: string,
    extraFlags: number,
    signCount: number,
    userVerified = this.userVerified,
  ): Buffer {
    const rpIdHash = createHash('sha256').update(rpId).digest();
    let flags = UP | extraFlags;
    if (userVerified) flags |= UV;
    if (this.backedUp) flags |= BE | BS;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(signCount);
    return Buffer.concat([rpIdHash, Buffer.from([flags]), counter]);
  }
}

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
  // §5.8.1: the members in this order, as browsers serialize them.
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** A COSE_Key for an EC2 P-256 ES256 key (RFC 9053 §7.1.1), keys in CTAP2 canonical order. */
function coseEc2PublicKey(x: Buffer, y: Buffer): Buffer {
  return cborMap([
    [cborInt(1), cborInt(2)], // kty: EC2
    [cborInt(3), cborInt(ES256)], // alg
    [cborInt(-1), cborInt(1)], // crv: P-256
    [cborInt(-2), cborBytes(x)],
    [cborInt(-3), cborBytes(y)],
  ]);
}

// The little of CBOR (RFC 8949) the two maps above need: small ints, byte and text strings, maps.
function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) {
    const head = Buffer.alloc(3);
    head[0] = (major << 5) | 25;
    head.writeUInt16BE(length, 1);
    return head;
  }
  throw new RangeError('CBOR item too long for this encoder');
}

function cborInt(value: number): Buffer {
  return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
}

function cborBytes(value: Buffer): Buffer {
  return Buffer.concat([cborHead(2, value.length), value]);
}

function cborText(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([cborHead(3, bytes.length), bytes]);
}

function cborMap(entries: readonly (readonly [Buffer, Buffer])[]): Buffer {
  return Buffer.concat([cborHead(5, entries.length), ...entries.flat()]);
}
