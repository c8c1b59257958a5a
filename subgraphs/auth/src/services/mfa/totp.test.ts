import { totpCode } from '@tradesage/core/testing';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, qrCodeOf, totpCodeAt, totpStepOf, totpUri } from './totp.ts';
import { newRecoveryCodes, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes.ts';

const at = new Date('2026-12-06T10:00:10Z');
const step = Math.floor(at.getTime() / 30_000);

describe('totp', () => {
  it('makes 160-bit secrets that differ every time', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('agrees with RFC 6238 test vector (SHA-1, 6 digits) and with an independent implementation', () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s -> 94287082 (8 digits) -> 287082.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCodeAt(rfcSecret, new Date(59_000))).toBe('287082');
    const secret = newTotpSecret();
    expect(totpCodeAt(secret, at)).toBe(totpCode(secret, at));
  });

  it('names the step a code belongs to within the window, and nothing outside it', () => {
    const secret = newTotpSecret();
    expect(totpStepOf(secret, totpCode(secret, at), at, 0)).toBe(step);
    expect(totpStepOf(secret, totpCode(secret, at, -1), at, 1)).toBe(step - 1);
    expect(totpStepOf(secret, totpCode(secret, at, 1), at, 1)).toBe(step + 1);
    expect(totpStepOf(secret, totpCode(secret, at, 1), at, 0)).toBeNull();
    expect(totpStepOf(secret, totpCode(secret, at, 2), at, 1)).toBeNull();
    for (const junk of ['', '12345', '1234567', 'abcdef', ' 123456', '12 456'])
      expect(totpStepOf(secret, junk, at, 1)).toBeNull();
  });

  it('puts the issuer and account in the otpauth URI and renders a QR code both ways', async () => {
    const uri = totpUri(newTotpSecret(), 'TradeSage (Acme)', 'jane@acme.test');
    expect(uri).toMatch(
      /^otpauth:\/\/totp\/TradeSage%20\(Acme\):jane%40acme\.test\?issuer=TradeSage%20\(Acme\)&secret=[A-Z2-7]+&algorithm=SHA1&digits=6&period=30$/,
    );
    const qr = await qrCodeOf(uri);
    expect(qr.png).toMatch(/^data:image\/png;base64,/);
    expect(qr.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});

describe('recovery codes', () => {
  it('makes ten distinct codes of 50 bits, and reads them back however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    const code = codes[0] as string;
    const normalized = normalizeRecoveryCode(code);
    expect(normalized).toHaveLength(10);
    expect(normalizeRecoveryCode(` ${code.toUpperCase().replace('-', ' ')} `)).toBe(normalized);
    expect(normalizeRecoveryCode('oooo0-iiii1')).toBe('0000011111');
    for (const junk of ['', 'short', 'abcde-fghij-k', 'uuuuu-uuuuu']) expect(normalizeRecoveryCode(junk)).toBeNull();
  });
});
