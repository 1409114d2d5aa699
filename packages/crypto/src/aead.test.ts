import { describe, expect, it } from 'vitest';
import { aeadDecrypt, aeadEncrypt } from './aead.ts';
import { initCrypto } from './init.ts';
import { errorCode } from './testing.ts';

await initCrypto();

describe('the AEAD under records and wrapped keys', () => {
  const key = new Uint8Array(32);
  const nonce = new Uint8Array(24);

  it('refuses keys and nonces of the wrong size', () => {
    expect(
      errorCode(() => aeadEncrypt(new Uint8Array(16), nonce, new Uint8Array(), new Uint8Array())),
    ).toBe('invalid_key');
    expect(
      errorCode(() => aeadEncrypt(key, new Uint8Array(12), new Uint8Array(), new Uint8Array())),
    ).toBe('malformed');
  });

  it('refuses a ciphertext shorter than its tag', () => {
    expect(errorCode(() => aeadDecrypt(key, nonce, new Uint8Array(15), new Uint8Array()))).toBe(
      'decryption_failed',
    );
  });
});
