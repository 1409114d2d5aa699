import { describe, expect, it } from 'vitest';
import { utf8 } from './encoding.ts';
import { initCrypto } from './init.ts';
import {
  decryptWithPassword,
  encryptWithPassword,
  passwordSealedOverheadBytes,
} from './password-sealed.ts';
import { errorCode } from './testing.ts';

await initCrypto();

// Cheaper than the default so the suite stays quick; the default is exercised once.
const light = { opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 };
const password = 'correct horse battery';

describe('password-locked files', () => {
  it('open with the password, with the default Argon2id setting', () => {
    const sealed = encryptWithPassword(password, utf8('referral'), 'referral-package');
    expect(sealed.length).toBe(passwordSealedOverheadBytes + 8);
    expect(
      new TextDecoder().decode(decryptWithPassword(password, sealed, 'referral-package')),
    ).toBe('referral');
  });

  it('do not open with another password or for another purpose', () => {
    const sealed = encryptWithPassword(password, utf8('x'), 'referral-package', light);
    expect(errorCode(() => decryptWithPassword(`${password}!`, sealed, 'referral-package'))).toBe(
      'decryption_failed',
    );
    expect(errorCode(() => decryptWithPassword(password, sealed, 'other'))).toBe(
      'decryption_failed',
    );
  });

  it('fail closed when the salt, parameters or ciphertext change', () => {
    const sealed = encryptWithPassword(password, utf8('x'), 'p', light);
    for (const at of [2 + 3, 2 + 8, sealed.length - 1]) {
      const tampered = sealed.slice();
      tampered[at] = (tampered[at] ?? 0) ^ 1;
      expect(['decryption_failed', 'malformed']).toContain(
        errorCode(() => decryptWithPassword(password, tampered, 'p')),
      );
    }
  });

  it('refuse work parameters outside bounds and short passwords', () => {
    const sealed = encryptWithPassword(password, utf8('x'), 'p', light);
    const weakened = sealed.slice();
    weakened.set([0, 0, 0, 0], 2);
    expect(errorCode(() => decryptWithPassword(password, weakened, 'p'))).toBe('malformed');
    expect(() => encryptWithPassword('short', utf8('x'), 'p', light)).toThrow(RangeError);
    expect(errorCode(() => decryptWithPassword(password, new Uint8Array([1, 0x10]), 'p'))).toBe(
      'malformed',
    );
  });
});
