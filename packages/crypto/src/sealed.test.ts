import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initCrypto } from './init.ts';
import { generateBoxKeyPair } from './keys.ts';
import { openSealed, sealTo } from './sealed.ts';
import { errorCode, everyBitFlip } from './testing.ts';

await initCrypto();

describe('sealed messages', () => {
  const inbox = generateBoxKeyPair();

  it('open for the recipient (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1024 }), (bytes) => {
        expect(openSealed(inbox, sealTo(inbox.publicKey, bytes))).toEqual(bytes);
      }),
      { numRuns: 50 },
    );
  });

  it('do not open for anyone else', () => {
    const sealed = sealTo(inbox.publicKey, new Uint8Array([1, 2, 3]));
    expect(errorCode(() => openSealed(generateBoxKeyPair(), sealed))).toBe('decryption_failed');
  });

  it('fail closed on every flipped bit', () => {
    const sealed = sealTo(inbox.publicKey, new TextEncoder().encode('help me'));
    for (const [tampered, bit] of everyBitFlip(sealed)) {
      expect(
        ['decryption_failed', 'unsupported_version', 'wrong_envelope_type'],
        `bit ${bit}`,
      ).toContain(errorCode(() => openSealed(inbox, tampered)));
    }
  });

  it('reject an envelope too short to hold a sealed box', () => {
    expect(errorCode(() => openSealed(inbox, new Uint8Array([1, 2, 0])))).toBe('malformed');
  });
});
