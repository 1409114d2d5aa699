import { describe, expect, it } from 'vitest';
import { initCrypto } from './init.ts';
import { generateSymmetricKey } from './keys.ts';
import { randomBytes } from './random.ts';
import { sign, verify } from './signatures.ts';
import { errorCode, everyBitFlip } from './testing.ts';
import {
  generateUserKeys,
  unwrapUserKeys,
  wrappingKeyFromExportKey,
  wrapUserKeys,
} from './user-keys.ts';

await initCrypto();

describe("a member's private keys", () => {
  it('wrap under the key from the OPAQUE export key and unwrap to working keys', () => {
    const exportKey = randomBytes(64);
    const keys = generateUserKeys();
    const wrapped = wrapUserKeys(wrappingKeyFromExportKey(exportKey), keys, 'user-1');
    const unwrapped = unwrapUserKeys(
      wrappingKeyFromExportKey(exportKey.slice()),
      wrapped,
      'user-1',
    );
    expect(unwrapped.box.publicKey).toEqual(keys.box.publicKey);
    expect(unwrapped.sign.publicKey).toEqual(keys.sign.publicKey);
    const message = new Uint8Array([1]);
    expect(
      verify(keys.sign.publicKey, 'test', message, sign(unwrapped.sign.secretKey, 'test', message)),
    ).toBe(true);
  });

  it('do not unwrap for another user id or another export key', () => {
    const wrappingKey = wrappingKeyFromExportKey(randomBytes(64));
    const wrapped = wrapUserKeys(wrappingKey, generateUserKeys(), 'user-1');
    expect(errorCode(() => unwrapUserKeys(wrappingKey, wrapped, 'user-2'))).toBe(
      'decryption_failed',
    );
    expect(
      errorCode(() => unwrapUserKeys(wrappingKeyFromExportKey(randomBytes(64)), wrapped, 'user-1')),
    ).toBe('decryption_failed');
  });

  it('fail closed on every flipped bit', () => {
    const wrappingKey = generateSymmetricKey('wrapping');
    const wrapped = wrapUserKeys(wrappingKey, generateUserKeys(), 'u');
    for (const [tampered, bit] of everyBitFlip(wrapped)) {
      expect(
        ['decryption_failed', 'unsupported_version', 'wrong_envelope_type'],
        `bit ${bit}`,
      ).toContain(errorCode(() => unwrapUserKeys(wrappingKey, tampered, 'u')));
    }
  });

  it('derive the wrapping key deterministically, and only from a plausible export key', () => {
    const exportKey = randomBytes(64);
    expect(wrappingKeyFromExportKey(exportKey)).toEqual(wrappingKeyFromExportKey(exportKey));
    expect(wrappingKeyFromExportKey(exportKey)).not.toEqual(
      wrappingKeyFromExportKey(randomBytes(64)),
    );
    expect(errorCode(() => wrappingKeyFromExportKey(randomBytes(16)))).toBe('invalid_key');
  });
});
