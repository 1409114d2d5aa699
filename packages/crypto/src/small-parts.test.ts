import { describe, expect, it } from 'vitest';
import { blindIndex } from './blind-index.ts';
import { concatBytes, fromBase64, fromHex, fromUtf8, toBase64, toHex, utf8 } from './encoding.ts';
import { initCrypto } from './init.ts';
import {
  asBoxPublicKey,
  asSignPublicKey,
  asSymmetricKey,
  boxKeyPairFromSecretKey,
  generateBoxKeyPair,
  generateSignKeyPair,
  generateSymmetricKey,
  signKeyPairFromSecretKey,
} from './keys.ts';
import { randomBytes, randomToken, wipe } from './random.ts';
import { createSha256, sha256 } from './sha256.ts';
import { errorCode } from './testing.ts';

await initCrypto();

describe('SHA-256 (FIPS 180-4 known answers)', () => {
  it('hashes the empty string and "abc"', () => {
    expect(sha256(new Uint8Array())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256(utf8('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('gives the same digest incrementally, and refuses use after the digest', () => {
    const text = utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq');
    const hasher = createSha256();
    hasher.update(text.subarray(0, 10));
    hasher.update(text.subarray(10));
    expect(hasher.digest()).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(() => hasher.update(text)).toThrowError();
    expect(() => hasher.digest()).toThrowError();
  });
});

describe('blind index', () => {
  const key = asSymmetricKey('blind-index', fromHex(`${'00'.repeat(31)}01`));

  it('refuses a domain that could collide, and a key of the wrong length', () => {
    expect(errorCode(() => blindIndex(key, 'a\u0000b', 'c'))).toBe('malformed');
    expect(errorCode(() => blindIndex(new Uint8Array(16) as never, 'email', 'x'))).toBe(
      'invalid_key',
    );
  });

  it('depends on the key, the domain and the exact value', () => {
    const value = 'applicant@example.org';
    const a = blindIndex(key, 'email', value);
    expect(blindIndex(generateSymmetricKey('blind-index'), 'email', value)).not.toBe(a);
    expect(blindIndex(key, 'telegram-chat', value)).not.toBe(a);
    expect(blindIndex(key, 'email', value.toUpperCase())).not.toBe(a);
  });
});

describe('encodings', () => {
  it('round-trip base64url and hex', () => {
    const bytes = randomBytes(33);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(fromHex(toHex(bytes))).toEqual(bytes);
    expect(fromUtf8(utf8('Привет'))).toBe('Привет');
    expect(concatBytes(Uint8Array.of(1), Uint8Array.of(2, 3))).toEqual(Uint8Array.of(1, 2, 3));
  });

  it.each(['a+b/', 'abc=', 'a', '!!!!'])('reject %j as base64url', (text) => {
    expect(errorCode(() => fromBase64(text))).toBe('malformed');
  });

  it('reject bad hex and bad UTF-8', () => {
    expect(errorCode(() => fromHex('abc'))).toBe('malformed');
    expect(errorCode(() => fromHex('zz'))).toBe('malformed');
    expect(errorCode(() => fromUtf8(Uint8Array.of(0xff, 0xfe)))).toBe('malformed');
  });
});

describe('keys', () => {
  it('are checked for length when taken from bytes', () => {
    expect(errorCode(() => asSymmetricKey('record', new Uint8Array(31)))).toBe('invalid_key');
    expect(errorCode(() => asBoxPublicKey(new Uint8Array(33)))).toBe('invalid_key');
    expect(errorCode(() => asSignPublicKey(new Uint8Array(0)))).toBe('invalid_key');
    expect(asBoxPublicKey(new Uint8Array(32))).toHaveLength(32);
  });

  it('rebuild key pairs from secret keys, refusing a mismatched Ed25519 key', () => {
    const box = generateBoxKeyPair();
    expect(boxKeyPairFromSecretKey(box.secretKey).publicKey).toEqual(box.publicKey);
    const signing = generateSignKeyPair();
    expect(signKeyPairFromSecretKey(signing.secretKey).publicKey).toEqual(signing.publicKey);
    const mismatched = signing.secretKey.slice();
    mismatched.set(generateSignKeyPair().publicKey, 32);
    expect(errorCode(() => signKeyPairFromSecretKey(mismatched))).toBe('invalid_key');
  });
});

describe('randomness', () => {
  it('makes 256-bit tokens by default and refuses fewer than 128 bits', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(randomToken());
    expect(() => randomToken(8)).toThrowError(RangeError);
  });

  it('wipes secrets', () => {
    const secret = randomBytes(32);
    wipe(secret);
    expect(secret).toEqual(new Uint8Array(32));
  });
});
