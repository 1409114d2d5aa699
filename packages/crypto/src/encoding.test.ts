// The encodings are written in TypeScript for speed (bulk unlock decodes and digests
// every event of a caseload); these properties hold them to libsodium's codecs and
// TextEncoder, which they replaced, on random valid and invalid input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64, utf8 } from './encoding.ts';
import { associatedData, type EnvelopeType, envelopeTypes } from './envelope.ts';
import { initCrypto } from './init.ts';
import { lib } from './sodium.ts';
import { errorCode } from './testing.ts';

await initCrypto();
const sodium = lib();
const variant = sodium.base64_variants.URLSAFE_NO_PADDING;

/** What libsodium's from_base64 makes of `text`: bytes, or null where it refuses. */
function sodiumDecode(text: string): Uint8Array | null {
  try {
    return sodium.from_base64(text, variant);
  } catch {
    return null;
  }
}

/** What our fromBase64 makes of `text`: bytes, or null where it refuses as malformed. */
function ourDecode(text: string): Uint8Array | null {
  try {
    return fromBase64(text);
  } catch (error) {
    expect(errorCode(() => fromBase64(text))).toBe('malformed');
    expect((error as Error).message).toBe('not URL-safe base64 without padding');
    return null;
  }
}

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const base64Char = fc.constantFrom(...base64Alphabet);
// Near misses: standard base64, padding, whitespace, NUL, non-ASCII, lone surrogates.
const strayChar = fc.constantFrom(
  '+',
  '/',
  '=',
  ' ',
  '\n',
  '\0',
  '.',
  'é',
  'А',
  '😀',
  '\uD800',
  '\uDC00',
  '\u0100',
);
const textEncoder = new TextEncoder();
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('fromBase64', () => {
  it('accepts and decodes exactly what libsodium does, on base64url text (property)', () => {
    // Random strings of the alphabet: every length, so every possible last character
    // (with or without leftover bits) and the impossible lengths (4k + 1).
    fc.assert(
      fc.property(fc.string({ unit: base64Char, maxLength: 70 }), (text) => {
        expect(ourDecode(text)).toEqual(sodiumDecode(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what libsodium refuses, on text with stray characters (property)', () => {
    const unit = fc.oneof(
      { arbitrary: base64Char, weight: 8 },
      { arbitrary: strayChar, weight: 1 },
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 70 }), (text) => {
        expect(ourDecode(text)).toEqual(sodiumDecode(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips random bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
      }),
    );
  });

  it('gives a plain Uint8Array of its own', () => {
    const bytes = fromBase64('AAEC');
    expect(bytes.constructor).toBe(Uint8Array);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(3);
  });

  it.each([
    ['', []],
    ['AA', [0]],
    ['AAA', [0, 0]],
    ['_-8', [0xff, 0xef]],
  ])('decodes %j', (text, bytes) => {
    expect([...fromBase64(text)]).toEqual(bytes);
  });

  it.each(['AB', 'AAB', 'A', 'AAAAA', 'AA==', ' AAA', 'AAAA\n', 'AAÀA', 'AA\uD800A'])(
    'refuses %j',
    (text) => {
      expect(errorCode(() => fromBase64(text))).toBe('malformed');
      expect(sodiumDecode(text)).toBeNull();
    },
  );

  it('refuses what is not a string, as libsodium did', () => {
    expect(errorCode(() => fromBase64(42 as unknown as string))).toBe('malformed');
    expect(errorCode(() => fromBase64(Uint8Array.of(1) as unknown as string))).toBe('malformed');
  });
});

describe('toBase64', () => {
  it('gives what libsodium gives (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(toBase64(bytes)).toBe(sodium.to_base64(bytes, variant));
      }),
      { numRuns: 500 },
    );
  });

  it('gives what libsodium gives for a large input and a view into a buffer', () => {
    const big = sodium.randombytes_buf(100_003);
    expect(toBase64(big)).toBe(sodium.to_base64(big, variant));
    const view = big.subarray(7, 40);
    expect(toBase64(view)).toBe(sodium.to_base64(view, variant));
  });

  it('encodes what is not bytes as libsodium did', () => {
    expect(toBase64('hi' as unknown as Uint8Array)).toBe('aGk');
  });
});

describe('utf8', () => {
  it('gives what TextEncoder gives, and refuses lone surrogates (property)', () => {
    const unit = fc.oneof(
      { arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }), weight: 6 },
      { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 2 },
      { arbitrary: fc.constantFrom('\uD800', '\uDFFF'), weight: 1 },
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 100 }), (text) => {
        if (!loneSurrogate.test(text)) expect(utf8(text)).toEqual(textEncoder.encode(text));
        else expect(errorCode(() => utf8(text))).toBe('malformed');
      }),
      { numRuns: 2000 },
    );
  });
});

/** Associated data as format v1 defines it, built the plain way. */
function referenceAssociatedData(type: EnvelopeType, fields: readonly string[]): Uint8Array {
  const parts = [1, envelopeTypes[type]];
  for (const field of fields) {
    const bytes = textEncoder.encode(field);
    parts.push(...[24, 16, 8, 0].map((shift) => (bytes.length >>> shift) & 0xff), ...bytes);
  }
  return Uint8Array.from(parts);
}

describe('associatedData', () => {
  it('is the header and each field as a big-endian length and UTF-8 (property)', () => {
    const field = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 80 }));
    const type = fc.constantFrom<EnvelopeType>('record', 'wrappedKey', 'keyBundle', 'fileStream');
    fc.assert(
      fc.property(type, fc.array(field, { maxLength: 4 }), (t, fields) => {
        expect(associatedData(t, fields)).toEqual(referenceAssociatedData(t, fields));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a field with a lone surrogate', () => {
    expect(errorCode(() => associatedData('record', ['record', 'case\uD800', 'kind']))).toBe(
      'malformed',
    );
  });
});
