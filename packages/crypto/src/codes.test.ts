import { describe, expect, it } from 'vitest';
import { initCrypto } from './init.ts';
import {
  asReceiptServerKey,
  deriveReceiptKeys,
  generateReceiptCode,
  parseReceiptCode,
  receiptVerifier,
} from './receipt-code.ts';
import {
  generateBackupCode,
  generateRecoveryCode,
  parseBackupCode,
  parseRecoveryCode,
  wrappingKeyFromRecoveryCode,
} from './recovery-code.ts';
import { openSealed, sealTo } from './sealed.ts';
import { errorCode } from './testing.ts';

await initCrypto();

const salt = new Uint8Array(16).fill(7);
/** A cheap Argon2id setting so tests stay fast; the pinned one is measured in bench:kdf. */
const fastParams = {
  algorithm: 'argon2id13' as const,
  opsLimit: 1,
  memLimitBytes: 8 * 1024 * 1024,
};

describe('receipt codes', () => {
  it('are five groups of four Crockford characters, all different', () => {
    const codes = new Set(Array.from({ length: 200 }, () => generateReceiptCode()));
    expect(codes.size).toBe(200);
    for (const code of codes)
      expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('survive the ways people copy them: case, spaces, O for 0, I and L for 1', () => {
    expect(parseReceiptCode(' 7kqm 2d9x-abc1 0000 zzzz ')).toBe('7KQM-2D9X-ABC1-0000-ZZZZ');
    expect(parseReceiptCode('7KQM-2D9X-ABCI-OOOO-ZZZZ')).toBe('7KQM-2D9X-ABC1-0000-ZZZZ');
    expect(parseReceiptCode('7KQM-2D9X-ABCL-0000-ZZZZ')).toBe('7KQM-2D9X-ABC1-0000-ZZZZ');
  });

  it.each([
    '',
    '7KQM-2D9X',
    '7KQM-2D9X-ABC1-0000-ZZZZ-1111',
    '7KQM-2D9X-ABCU-0000-ZZZZ',
    '7KQM-2D9X-ABC!-0000-ZZZZ',
  ])('reject %j', (input) => {
    expect(errorCode(() => parseReceiptCode(input))).toBe('invalid_code');
  });

  it('derive the same keys from the same code however it was typed, and replies open only with it', () => {
    const code = generateReceiptCode();
    const a = deriveReceiptKeys(code, salt, fastParams);
    const b = deriveReceiptKeys(
      parseReceiptCode(code.toLowerCase().replaceAll('-', ' ')),
      salt,
      fastParams,
    );
    expect(b.keyPair.publicKey).toEqual(a.keyPair.publicKey);
    expect(receiptVerifier(b.accessKey)).toBe(receiptVerifier(a.accessKey));
    const reply = sealTo(a.keyPair.publicKey, new TextEncoder().encode('We can help.'));
    expect(new TextDecoder().decode(openSealed(b.keyPair, reply))).toBe('We can help.');

    const other = deriveReceiptKeys(generateReceiptCode(), salt, fastParams);
    expect(errorCode(() => openSealed(other.keyPair, reply))).toBe('decryption_failed');
  });

  it('depend on the salt, and keep the access key apart from the key pair', () => {
    const code = generateReceiptCode();
    const a = deriveReceiptKeys(code, salt, fastParams);
    const b = deriveReceiptKeys(code, new Uint8Array(16).fill(8), fastParams);
    expect(b.keyPair.publicKey).not.toEqual(a.keyPair.publicKey);
    expect(a.accessKey).not.toEqual(a.keyPair.secretKey);
    expect(receiptVerifier(a.accessKey)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuse a salt of the wrong size', () => {
    expect(
      errorCode(() => deriveReceiptKeys(generateReceiptCode(), new Uint8Array(8), fastParams)),
    ).toBe('malformed');
  });
});

describe('receipt codes keyed with the server key (blake2b-keyed)', () => {
  const keyed = { algorithm: 'blake2b-keyed' as const };
  const serverKey = asReceiptServerKey(new Uint8Array(32).fill(3));

  it('derive the same keys however the code was typed, and replies open only with it', () => {
    const code = generateReceiptCode();
    const a = deriveReceiptKeys(code, salt, keyed, serverKey);
    const b = deriveReceiptKeys(
      parseReceiptCode(code.toLowerCase().replaceAll('-', ' ')),
      salt,
      keyed,
      serverKey,
    );
    expect(b.keyPair.publicKey).toEqual(a.keyPair.publicKey);
    expect(receiptVerifier(b.accessKey)).toBe(receiptVerifier(a.accessKey));
    const reply = sealTo(a.keyPair.publicKey, new TextEncoder().encode('We can help.'));
    expect(new TextDecoder().decode(openSealed(b.keyPair, reply))).toBe('We can help.');
    const other = deriveReceiptKeys(generateReceiptCode(), salt, keyed, serverKey);
    expect(errorCode(() => openSealed(other.keyPair, reply))).toBe('decryption_failed');
  });

  it('depend on the server key and the salt, and differ from Argon2id of the same code', () => {
    const code = generateReceiptCode();
    const a = deriveReceiptKeys(code, salt, keyed, serverKey);
    const otherKey = asReceiptServerKey(new Uint8Array(32).fill(4));
    const variants = [
      deriveReceiptKeys(code, salt, keyed, otherKey),
      deriveReceiptKeys(code, new Uint8Array(16).fill(8), keyed, serverKey),
      deriveReceiptKeys(code, salt, fastParams, serverKey),
    ];
    for (const v of variants) expect(v.keyPair.publicKey).not.toEqual(a.keyPair.publicKey);
    expect(a.accessKey).not.toEqual(a.keyPair.secretKey);
  });

  it('refuse to derive without a 32-byte server key, or with an unknown algorithm', () => {
    const code = generateReceiptCode();
    expect(errorCode(() => deriveReceiptKeys(code, salt, keyed))).toBe('invalid_key');
    expect(errorCode(() => asReceiptServerKey(new Uint8Array(16)))).toBe('invalid_key');
    const unknown = { algorithm: 'md5' } as unknown as typeof keyed;
    expect(errorCode(() => deriveReceiptKeys(code, salt, unknown, serverKey))).toBe('malformed');
  });
});

describe('recovery codes', () => {
  it('are eight groups of four and map to one wrapping key', () => {
    const code = generateRecoveryCode();
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(wrappingKeyFromRecoveryCode(parseRecoveryCode(code.toLowerCase()))).toEqual(
      wrappingKeyFromRecoveryCode(code),
    );
    expect(wrappingKeyFromRecoveryCode(generateRecoveryCode())).not.toEqual(
      wrappingKeyFromRecoveryCode(code),
    );
  });

  it('reject a receipt code in their place', () => {
    expect(errorCode(() => parseRecoveryCode(generateReceiptCode()))).toBe('invalid_code');
  });
});

describe('backup codes', () => {
  it('are three groups of four and parse as typed', () => {
    const code = generateBackupCode();
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){2}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseBackupCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code);
    expect(errorCode(() => parseBackupCode('1234'))).toBe('invalid_code');
  });
});
