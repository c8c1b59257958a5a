import { randomUUID } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { BadInputError } from '@tradesage/core';
import { SoftwareAuthenticator } from '@tradesage/core/testing';
import { describe, expect, it } from 'vitest';
import {
  credentialIdOf,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  type RelyingParty,
  type StoredPasskey,
  userHandleOf,
  verifyPasskeyAuthentication,
  verifyPasskeyRegistration,
} from './passkeys.ts';

const ORIGIN = 'https://app.tradesage.test';
const RP: RelyingParty = { id: 'app.tradesage.test', name: 'TradeSage', origins: [ORIGIN] };

function newUser() {
  return { id: randomUUID(), name: 'ada@example.test', displayName: 'Ada Lovelace' };
}

/** Registers a passkey on `authenticator` end to end, as the enrolment service will. */
async function enrol(authenticator = new SoftwareAuthenticator(), user = newUser()) {
  const options = await passkeyRegistrationOptions({ rp: RP, user, exclude: [] });
  const response = authenticator.register(options, ORIGIN);
  const verified = await verifyPasskeyRegistration({ rp: RP, response, expectedChallenge: options.challenge });
  const passkey: StoredPasskey = {
    credentialId: verified.credentialId,
    publicKey: verified.publicKey,
    counter: verified.counter,
    transports: verified.transports,
  };
  return { authenticator, user, response, verified, passkey };
}

/** The error `promise` rejects with, which must be MFA_PASSKEY_INVALID and say nothing of the answer. */
async function refusal(promise: Promise<unknown>): Promise<BadInputError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BadInputError);
  expect(error).toMatchObject({ code: 'MFA_PASSKEY_INVALID', expose: true });
  expect((error as Error).message).not.toMatch(/https?:|evil|[A-Za-z0-9_-]{40}/);
  return error as BadInputError;
}

const flipByte = (base64url: string, index: number) => {
  const bytes = Buffer.from(base64url, 'base64url');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
};

const GARBAGE: unknown[] = [
  null,
  undefined,
  '',
  'not json',
  42,
  [],
  {},
  { id: 'AAAAAAAAAAAAAAAAAAAAAA', rawId: 'AAAAAAAAAAAAAAAAAAAAAA', type: 'public-key' },
  { id: 'AAAAAAAAAAAAAAAAAAAAAA', rawId: 'AAAAAAAAAAAAAAAAAAAAAA', type: 'public-key', response: {} },
  {
    id: 'AAAAAAAAAAAAAAAAAAAAAA',
    rawId: 'AAAAAAAAAAAAAAAAAAAAAA',
    type: 'public-key',
    response: { clientDataJSON: 'e30', attestationObject: 'oA', authenticatorData: 'AA', signature: 'AA' },
  },
];

describe('passkey registration options', () => {
  it('asks for a discoverable ES256/RS256 credential with user verification, no attestation, for 5 minutes', async () => {
    const user = newUser();
    const options = await passkeyRegistrationOptions({ rp: RP, user, exclude: [] });
    expect(options).toMatchObject({
      rp: { id: RP.id, name: RP.name },
      user: { name: user.name, displayName: user.displayName },
      attestation: 'none',
      timeout: 300_000,
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
      excludeCredentials: [],
    });
    expect(options.pubKeyCredParams.map((param) => param.alg)).toEqual([-7, -257]);
    // The user handle is the uuid's 16 bytes, not its text.
    expect(Buffer.from(options.user.id, 'base64url').toString('hex')).toBe(user.id.replaceAll('-', ''));
    expect(Buffer.from(options.challenge, 'base64url').length).toBeGreaterThanOrEqual(16);
    const again = await passkeyRegistrationOptions({ rp: RP, user, exclude: [] });
    expect(again.challenge).not.toBe(options.challenge);
  });

  it('lists the passkeys the user already has, so the authenticator refuses to make a second', async () => {
    const { authenticator, user, passkey } = await enrol();
    const options = await passkeyRegistrationOptions({ rp: RP, user, exclude: [passkey] });
    expect(options.excludeCredentials).toEqual([
      { id: passkey.credentialId, type: 'public-key', transports: ['hybrid', 'internal'] },
    ]);
    expect(() => authenticator.register(options, ORIGIN)).toThrow(/InvalidStateError/);
    // Another authenticator may still enrol.
    expect(() => new SoftwareAuthenticator().register(options, ORIGIN)).not.toThrow();
  });

  it('refuses a user id that is not a uuid (the user handle would not map back)', async () => {
    await expect(
      passkeyRegistrationOptions({ rp: RP, user: { ...newUser(), id: 'ada' }, exclude: [] }),
    ).rejects.toThrow(TypeError);
  });
});

describe('passkey registration', () => {
  it('verifies an answer and returns what to store', async () => {
    const { response, verified } = await enrol();
    expect(verified).toMatchObject({
      credentialId: response.id,
      counter: 0,
      transports: ['hybrid', 'internal'],
      backedUp: false,
      deviceType: 'singleDevice',
      userVerified: true,
    });
    // The stored key is the COSE EC2 P-256 key the authenticator made.
    const cose = isoCBOR.decodeFirst<Map<number, unknown>>(new Uint8Array(verified.publicKey));
    expect([cose.get(1), cose.get(3), cose.get(-1)]).toEqual([2, -7, 1]);
  });

  it('reports a synced (backed-up) passkey as multi-device', async () => {
    const { verified } = await enrol(new SoftwareAuthenticator({ backedUp: true }));
    expect(verified).toMatchObject({ backedUp: true, deviceType: 'multiDevice' });
  });

  it('keeps only known transports, once each', async () => {
    const options = await passkeyRegistrationOptions({ rp: RP, user: newUser(), exclude: [] });
    const response = new SoftwareAuthenticator().register(options, ORIGIN);
    response.response.transports = ['usb', 'usb', 'carrier-pigeon', 'nfc'];
    const verified = await verifyPasskeyRegistration({ rp: RP, response, expectedChallenge: options.challenge });
    expect(verified.transports).toEqual(['usb', 'nfc']);
  });

  it('refuses an answer to another challenge', async () => {
    const options = await passkeyRegistrationOptions({ rp: RP, user: newUser(), exclude: [] });
    const other = await passkeyRegistrationOptions({ rp: RP, user: newUser(), exclude: [] });
    const response = new SoftwareAuthenticator().register(options, ORIGIN);
    await refusal(verifyPasskeyRegistration({ rp: RP, response, expectedChallenge: other.challenge }));
  });

  it('refuses an answer made on another origin', async () => {
    const options = await passkeyRegistrationOptions({ rp: RP, user: newUser(), exclude: [] });
    for (const origin of ['https://evil.example', 'http://app.tradesage.test', 'https://app.tradesage.test:8443']) {
      const response = new SoftwareAuthenticator().register(options, origin);
      await refusal(verifyPasskeyRegistration({ rp: RP, response, expectedChallenge: options.challenge }));
    }
  });

  it('refuses a credential scoped to another rpId', async () => {
    const options = await passkeyRegistrationOptions({ rp: RP, user: newUser(), exclude: [] });
    const response = new SoftwareAuthenticator().register(
      { ...options, rp: { ...options.rp, id: 'evil.example' } },
      ORIGIN,
    );
    await refusal(verifyPasskeyRegistration({ rp: RP, response, expectedChallenge: options.challenge }));
  });

  it('refuses an authenticator that did not verify the user', async () => {
    const options = await passkeyRegistrationOptions({ rp: RP, user: newUser(), exclude: [] });
    const response = new SoftwareAuthenticator({ userVerified: false }).register(options, ORIGIN);
    await refusal(verifyPasskeyRegistration({ rp: RP, response, expectedChallenge: options.challenge }));
  });

  it('refuses an answer whose id is not the credential the authenticator made', async () => {
    const options = await passkeyRegistrationOptions({ rp: RP, user: newUser(), exclude: [] });
    const response = new SoftwareAuthenticator().register(options, ORIGIN);
    const other = new SoftwareAuthenticator().register(options, ORIGIN);
    await refusal(
      verifyPasskeyRegistration({
        rp: RP,
        response: { ...response, id: other.id, rawId: other.id },
        expectedChallenge: options.challenge,
      }),
    );
    await refusal(
      verifyPasskeyRegistration({
        rp: RP,
        response: { ...response, rawId: other.id },
        expectedChallenge: options.challenge,
      }),
    );
  });

  it('refuses a damaged attestation object', async () => {
    const options = await passkeyRegistrationOptions({ rp: RP, user: newUser(), exclude: [] });
    const response = new SoftwareAuthenticator().register(options, ORIGIN);
    const attestationObject = flipByte(response.response.attestationObject, 0);
    await refusal(
      verifyPasskeyRegistration({
        rp: RP,
        response: { ...response, response: { ...response.response, attestationObject } },
        expectedChallenge: options.challenge,
      }),
    );
  });

  it.each(GARBAGE.map((value) => [JSON.stringify(value) ?? 'undefined', value]))(
    'refuses garbage: %s',
    async (_name, response) => {
      await refusal(verifyPasskeyRegistration({ rp: RP, response, expectedChallenge: 'AAAAAAAAAAAAAAAAAAAAAA' }));
    },
  );
});

describe('passkey authentication', () => {
  it('verifies answers for an allowed passkey, the counter going up each time', async () => {
    const { authenticator, passkey } = await enrol();
    const options = await passkeyAuthenticationOptions({ rp: RP, allow: [passkey] });
    expect(options).toMatchObject({
      rpId: RP.id,
      userVerification: 'required',
      timeout: 300_000,
      allowCredentials: [{ id: passkey.credentialId, type: 'public-key', transports: ['hybrid', 'internal'] }],
    });
    const first = await verifyPasskeyAuthentication({
      rp: RP,
      response: authenticator.authenticate(options, ORIGIN),
      expectedChallenge: options.challenge,
      passkey,
    });
    expect(first).toEqual({ newCounter: 1, userVerified: true });

    const next = await passkeyAuthenticationOptions({ rp: RP, allow: [passkey] });
    const second = await verifyPasskeyAuthentication({
      rp: RP,
      response: authenticator.authenticate(next, ORIGIN),
      expectedChallenge: next.challenge,
      passkey: { ...passkey, counter: first.newCounter },
    });
    expect(second).toEqual({ newCounter: 2, userVerified: true });
  });

  it('signs in without a user name: a discoverable passkey names itself and its user', async () => {
    const { authenticator, user, passkey } = await enrol();
    const options = await passkeyAuthenticationOptions({ rp: RP });
    expect(options.allowCredentials).toBeUndefined();
    expect(options.userVerification).toBe('required');
    const response = authenticator.authenticate(options, ORIGIN);
    expect(credentialIdOf(response)).toBe(passkey.credentialId);
    expect(userHandleOf(response)).toBe(user.id);
    await expect(
      verifyPasskeyAuthentication({ rp: RP, response, expectedChallenge: options.challenge, passkey }),
    ).resolves.toEqual({ newCounter: 1, userVerified: true });
  });

  /** An enrolled passkey and a fresh answer for it, to break in one way per test. */
  async function answered(opts: { userVerified?: boolean } = {}) {
    const { authenticator, passkey } = await enrol();
    const options = await passkeyAuthenticationOptions({ rp: RP, allow: [passkey] });
    const response = authenticator.authenticate(options, ORIGIN, opts);
    return { authenticator, passkey, options, response };
  }

  it('refuses an answer to another challenge', async () => {
    const { passkey, response } = await answered();
    const other = await passkeyAuthenticationOptions({ rp: RP, allow: [passkey] });
    await refusal(verifyPasskeyAuthentication({ rp: RP, response, expectedChallenge: other.challenge, passkey }));
  });

  it('refuses an answer made on another origin', async () => {
    const { authenticator, passkey, options } = await answered();
    const response = authenticator.authenticate(options, 'https://evil.example');
    await refusal(verifyPasskeyAuthentication({ rp: RP, response, expectedChallenge: options.challenge, passkey }));
  });

  it('refuses an answer for another rpId', async () => {
    const { authenticator, passkey, options } = await answered();
    // The same key, asked for by a look-alike relying party.
    const response = authenticator.authenticate({ ...options, rpId: 'evil.example' }, ORIGIN, {
      credentialId: passkey.credentialId,
    });
    await refusal(verifyPasskeyAuthentication({ rp: RP, response, expectedChallenge: options.challenge, passkey }));
    await refusal(
      verifyPasskeyAuthentication({
        rp: { ...RP, id: 'tradesage.test' },
        response: authenticator.authenticate(options, ORIGIN),
        expectedChallenge: options.challenge,
        passkey,
      }),
    );
  });

  it('refuses a tampered signature or authenticator data', async () => {
    const { passkey, options, response } = await answered();
    const verify = (changes: Partial<typeof response.response>) =>
      verifyPasskeyAuthentication({
        rp: RP,
        response: { ...response, response: { ...response.response, ...changes } },
        expectedChallenge: options.challenge,
        passkey,
      });
    await refusal(verify({ signature: flipByte(response.response.signature, -1) }));
    await refusal(verify({ signature: flipByte(response.response.signature, 10) }));
    // The counter's last byte: still higher than the stored 0, but no longer what was signed.
    await refusal(verify({ authenticatorData: flipByte(response.response.authenticatorData, -1) }));
    // Untouched, the same answer verifies.
    await expect(verify({})).resolves.toEqual({ newCounter: 1, userVerified: true });
  });

  it('refuses an answer signed by another passkey', async () => {
    const { passkey, options } = await answered();
    const other = await enrol();
    const response = other.authenticator.authenticate(options, ORIGIN, { credentialId: other.passkey.credentialId });
    // Named as itself: not the passkey it is checked against.
    await refusal(verifyPasskeyAuthentication({ rp: RP, response, expectedChallenge: options.challenge, passkey }));
    // The expected passkey's own answer, renamed as another passkey.
    const own = await answered();
    await refusal(
      verifyPasskeyAuthentication({
        rp: RP,
        response: { ...own.response, id: other.passkey.credentialId, rawId: other.passkey.credentialId },
        expectedChallenge: own.options.challenge,
        passkey: own.passkey,
      }),
    );
    // Renamed as the expected passkey: its signature does not verify with that key.
    await refusal(
      verifyPasskeyAuthentication({
        rp: RP,
        response: { ...response, id: passkey.credentialId, rawId: passkey.credentialId },
        expectedChallenge: options.challenge,
        passkey,
      }),
    );
  });

  it('refuses an answer without user verification', async () => {
    const { passkey, options, response } = await answered({ userVerified: false });
    await refusal(verifyPasskeyAuthentication({ rp: RP, response, expectedChallenge: options.challenge, passkey }));
  });

  it('refuses a counter that went backwards, or a replayed answer (a cloned authenticator, §7.2 step 21)', async () => {
    const { passkey, options, response } = await answered();
    await refusal(
      verifyPasskeyAuthentication({
        rp: RP,
        response,
        expectedChallenge: options.challenge,
        passkey: { ...passkey, counter: 5 },
      }),
    );
    const first = await verifyPasskeyAuthentication({
      rp: RP,
      response,
      expectedChallenge: options.challenge,
      passkey,
    });
    await refusal(
      verifyPasskeyAuthentication({
        rp: RP,
        response,
        expectedChallenge: options.challenge,
        passkey: { ...passkey, counter: first.newCounter },
      }),
    );
  });

  it.each(GARBAGE.map((value) => [JSON.stringify(value) ?? 'undefined', value]))(
    'refuses garbage: %s',
    async (_name, response) => {
      const { passkey } = await enrol();
      await refusal(
        verifyPasskeyAuthentication({ rp: RP, response, expectedChallenge: 'AAAAAAAAAAAAAAAAAAAAAA', passkey }),
      );
    },
  );
});

describe('reading an untrusted answer', () => {
  const ID = 'AAAAAAAAAAAAAAAAAAAAAA'; // 16 bytes

  it('credentialIdOf: the id when it is a base64url credential id, else null', async () => {
    const { authenticator, passkey } = await enrol();
    const options = await passkeyAuthenticationOptions({ rp: RP });
    expect(credentialIdOf(authenticator.authenticate(options, ORIGIN))).toBe(passkey.credentialId);
    expect(credentialIdOf({ id: ID })).toBe(ID);
    for (const junk of [
      null,
      undefined,
      ID,
      42,
      [ID],
      {},
      { id: 42 },
      { id: '' },
      { id: 'AAAA' },
      { id: `${ID}=` },
      { id: 'AAAAAAAAAAAAAAAAAAAAA+/A' },
      { id: 'A'.repeat(21) }, // 4n+1 characters: not base64url
      { id: 'A'.repeat(15) },
      { id: 'A'.repeat(1368) },
    ]) {
      expect(credentialIdOf(junk), JSON.stringify(junk)).toBeNull();
    }
  });

  it('userHandleOf: the uuid the passkey was registered for, else null', () => {
    const uuid = randomUUID();
    const handle = Buffer.from(uuid.replaceAll('-', ''), 'hex').toString('base64url');
    expect(userHandleOf({ id: ID, response: { userHandle: handle } })).toBe(uuid);
    for (const junk of [
      null,
      'x',
      {},
      { response: null },
      { response: {} },
      { response: { userHandle: null } },
      { response: { userHandle: 42 } },
      { response: { userHandle: '' } },
      { response: { userHandle: Buffer.from(uuid).toString('base64url') } }, // the uuid's text, not ours
      { response: { userHandle: Buffer.alloc(15).toString('base64url') } },
      { response: { userHandle: Buffer.alloc(17).toString('base64url') } },
      { response: { userHandle: `${handle.slice(0, 21)}B` } }, // stray low bits: not canonical
      { response: { userHandle: '!!!!!!!!!!!!!!!!!!!!!!' } },
    ]) {
      expect(userHandleOf(junk), JSON.stringify(junk)).toBeNull();
    }
  });
});
