import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentDigest } from './content-digest.ts';
import { fromBase64, toBase64, utf8 } from './encoding.ts';
import { initCrypto } from './init.ts';
import { generateSymmetricKey } from './keys.ts';
import { createRecordReader } from './record-reader.ts';
import { decryptRecord, encryptRecord } from './records.ts';
import { errorCode, everyBitFlip } from './testing.ts';

await initCrypto();

const context = { caseId: 'case-7f3a', kind: 'event/testimony/3' };
const text = 'Меня задержали 14 марта и держали в подвале три дня.';
const digestOf = (purpose: string, bytes: Uint8Array) => toBase64(contentDigest(purpose, bytes));

describe('record reader', () => {
  it('digests and opens what decryptRecord and contentDigest do (property)', () => {
    const key = generateSymmetricKey('record');
    const reader = createRecordReader();
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 3000 }),
        fc.string({ unit: 'grapheme' }),
        fc.string(),
        (plain, caseId, kind) => {
          const envelope = encryptRecord(key, utf8(plain), { caseId, kind });
          expect(reader.take(toBase64(envelope), 'case-payload')).toBe(
            digestOf('case-payload', envelope),
          );
          expect(reader.openText(key, { caseId, kind })).toBe(plain);
          expect(reader.digestText(plain, 'case-event')).toBe(digestOf('case-event', utf8(plain)));
        },
      ),
    );
    reader.dispose();
  });

  it('grows for a large record and still reads small ones after it', () => {
    const key = generateSymmetricKey('record');
    const reader = createRecordReader();
    const large = 'ж'.repeat(300_000);
    for (const plain of ['short', large, 'short again']) {
      const envelope = toBase64(encryptRecord(key, utf8(plain), context));
      reader.take(envelope, 'case-payload');
      expect(reader.openText(key, context)).toBe(plain);
      expect(reader.digestText(plain, 'case-event')).toBe(digestOf('case-event', utf8(plain)));
    }
    reader.dispose();
  });

  it('refuses every changed bit, another key, case or kind, as decryptRecord does', () => {
    const key = generateSymmetricKey('record');
    const envelope = encryptRecord(key, utf8('Казань'), context);
    const reader = createRecordReader();
    const open = (bytes: Uint8Array, k = key, c = context) =>
      errorCode(() => {
        reader.take(toBase64(bytes), 'case-payload');
        return reader.openText(k, c);
      });
    for (const [flipped] of everyBitFlip(envelope)) {
      expect(open(flipped)).toBe(errorCode(() => decryptRecord(key, flipped, context)));
    }
    expect(open(envelope, generateSymmetricKey('record'))).toBe('decryption_failed');
    expect(open(envelope, key, { ...context, caseId: 'case-other' })).toBe('decryption_failed');
    expect(open(envelope, key, { ...context, kind: 'event/identity/3' })).toBe('decryption_failed');
    expect(open(envelope.subarray(0, 30))).toBe('malformed');
    expect(open(envelope, key.subarray(0, 16) as typeof key)).toBe('invalid_key');
    expect(open(envelope, key, { ...context, kind: '\ud800' })).toBe('malformed');
    reader.dispose();
  });

  it('refuses text that is not base64url, and plaintext that is not UTF-8', () => {
    const key = generateSymmetricKey('record');
    const reader = createRecordReader();
    expect(errorCode(() => reader.take('a+b/', 'case-payload'))).toBe('malformed');
    expect(errorCode(() => reader.take('abcde', 'case-payload'))).toBe('malformed');
    // Nothing taken after a refusal: opening now cannot open an earlier record.
    expect(errorCode(() => reader.openText(key, context))).toBe('malformed');
    const notText = encryptRecord(key, Uint8Array.of(0xff, 0xfe), context);
    reader.take(toBase64(notText), 'case-payload');
    expect(errorCode(() => reader.openText(key, context))).toBe('malformed');
    expect(errorCode(() => reader.digestText('\udc00', 'case-event'))).toBe('malformed');
    expect(errorCode(() => reader.digestText('x', 'Bad Purpose'))).toBe('malformed');
    reader.dispose();
  });

  it('cannot be used once disposed, and leaves nothing to read', () => {
    const key = generateSymmetricKey('record');
    const reader = createRecordReader();
    reader.take(toBase64(encryptRecord(key, utf8(text), context)), 'case-payload');
    expect(reader.openText(key, context)).toBe(text);
    reader.dispose();
    reader.dispose();
    expect(errorCode(() => reader.take('AAAA', 'case-payload'))).toBe('not_initialised');
    expect(errorCode(() => reader.openText(key, context))).toBe('not_initialised');
    expect(errorCode(() => reader.digestText('x', 'case-event'))).toBe('not_initialised');
    expect(fromBase64('AAAA')).toHaveLength(3);
  });
});
