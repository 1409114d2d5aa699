import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initCrypto } from './init.ts';
import { generateSignKeyPair } from './keys.ts';
import { assertSignature, ed25519Verify, sign, verify } from './signatures.ts';
import { errorCode, everyBitFlip } from './testing.ts';

await initCrypto();

describe('signatures', () => {
  const author = generateSignKeyPair();

  it('verify for the same key, purpose and message (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (message) => {
        expect(
          verify(
            author.publicKey,
            'case-event',
            message,
            sign(author.secretKey, 'case-event', message),
          ),
        ).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('do not verify for another purpose, key or message', () => {
    const message = new TextEncoder().encode('{"kind":"stage","to":"evacuation"}');
    const signature = sign(author.secretKey, 'case-event', message);
    expect(verify(author.publicKey, 'key-announcement', message, signature)).toBe(false);
    expect(verify(generateSignKeyPair().publicKey, 'case-event', message, signature)).toBe(false);
    expect(verify(author.publicKey, 'case-event', message.subarray(1), signature)).toBe(false);
    expect(
      errorCode(() =>
        assertSignature(author.publicKey, 'case-event', message.subarray(1), signature),
      ),
    ).toBe('invalid_signature');
    expect(
      errorCode(() => assertSignature(author.publicKey, 'case-event', message, signature)),
    ).toBe('no error');
  });

  it('are not raw Ed25519 signatures of the message (domain separation)', () => {
    const message = new Uint8Array([1, 2, 3]);
    expect(
      ed25519Verify(author.publicKey, message, sign(author.secretKey, 'case-event', message)),
    ).toBe(false);
  });

  it('fail on every flipped bit of the signature', () => {
    const message = new Uint8Array([9, 9, 9]);
    const signature = sign(author.secretKey, 'case-event', message);
    for (const [tampered, bit] of everyBitFlip(signature)) {
      expect(verify(author.publicKey, 'case-event', message, tampered), `bit ${bit}`).toBe(false);
    }
  });

  it('reject keys and signatures of the wrong length without throwing', () => {
    expect(ed25519Verify(new Uint8Array(31), new Uint8Array(), new Uint8Array(64))).toBe(false);
    expect(ed25519Verify(author.publicKey, new Uint8Array(), new Uint8Array(63))).toBe(false);
  });

  it('refuse a purpose outside the allowed alphabet, and a key of the wrong length', () => {
    expect(errorCode(() => sign(author.secretKey, 'Case Event', new Uint8Array()))).toBe(
      'malformed',
    );
    expect(verify(author.publicKey, 'Case Event', new Uint8Array(), new Uint8Array(64))).toBe(
      false,
    );
    expect(
      errorCode(() => sign(author.secretKey.subarray(0, 32) as never, 'x', new Uint8Array())),
    ).toBe('invalid_key');
  });
});
