import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aeadDecrypt } from './aead.ts';
import { associatedData } from './envelope.ts';
import { initCrypto } from './init.ts';
import { generateSymmetricKey } from './keys.ts';
import { decryptRecord, encryptRecord } from './records.ts';
import { errorCode, everyBitFlip } from './testing.ts';

await initCrypto();

const context = { caseId: 'case-7f3a', kind: 'identity' };
const plaintext = new TextEncoder().encode('Имя: Ахмед; телефон +7 928 000 00 00');

describe('records', () => {
  it('round-trip any bytes in any context (property)', () => {
    const key = generateSymmetricKey('record');
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.string(),
        fc.string(),
        (bytes, caseId, kind) => {
          const envelope = encryptRecord(key, bytes, { caseId, kind });
          expect(decryptRecord(key, envelope, { caseId, kind })).toEqual(bytes);
        },
      ),
    );
  });

  it('never encrypt the same record to the same bytes twice (random nonce)', () => {
    const key = generateSymmetricKey('record');
    expect(encryptRecord(key, plaintext, context)).not.toEqual(
      encryptRecord(key, plaintext, context),
    );
  });

  it('start with version 1 and the record type', () => {
    const envelope = encryptRecord(generateSymmetricKey('record'), plaintext, context);
    expect([...envelope.subarray(0, 2)]).toEqual([1, 1]);
    expect(envelope.length).toBe(2 + 24 + plaintext.length + 16);
  });

  it('fail closed on every flipped bit', () => {
    const key = generateSymmetricKey('record');
    const envelope = encryptRecord(key, plaintext, context);
    const codes = new Set<string>();
    for (const [tampered, bit] of everyBitFlip(envelope)) {
      const code = errorCode(() => decryptRecord(key, tampered, context));
      expect(
        ['decryption_failed', 'unsupported_version', 'wrong_envelope_type'],
        `bit ${bit}`,
      ).toContain(code);
      codes.add(code);
    }
    expect(codes).toEqual(
      new Set(['decryption_failed', 'unsupported_version', 'wrong_envelope_type']),
    );
  });

  it('fail closed under another case, another kind, or another key', () => {
    const key = generateSymmetricKey('record');
    const envelope = encryptRecord(key, plaintext, context);
    expect(
      errorCode(() => decryptRecord(key, envelope, { ...context, caseId: 'case-other' })),
    ).toBe('decryption_failed');
    expect(errorCode(() => decryptRecord(key, envelope, { ...context, kind: 'testimony' }))).toBe(
      'decryption_failed',
    );
    expect(errorCode(() => decryptRecord(generateSymmetricKey('record'), envelope, context))).toBe(
      'decryption_failed',
    );
  });

  it('keep context fields apart: ("ab","c") is not ("a","bc")', () => {
    const key = generateSymmetricKey('record');
    const envelope = encryptRecord(key, plaintext, { caseId: 'ab', kind: 'c' });
    expect(errorCode(() => decryptRecord(key, envelope, { caseId: 'a', kind: 'bc' }))).toBe(
      'decryption_failed',
    );
  });

  it('reject truncated and empty envelopes as malformed or failed', () => {
    const key = generateSymmetricKey('record');
    const envelope = encryptRecord(key, plaintext, context);
    for (let length = 0; length < envelope.length; length++) {
      const code = errorCode(() => decryptRecord(key, envelope.subarray(0, length), context));
      expect(['malformed', 'decryption_failed'], `length ${length}`).toContain(code);
    }
  });

  it("bind the header into the AEAD: the body does not open under another type's header", () => {
    const key = generateSymmetricKey('record');
    const envelope = encryptRecord(key, plaintext, context);
    const [nonce, body] = [envelope.subarray(2, 26), envelope.subarray(26)];
    const fields = ['record', context.caseId, context.kind];
    expect(aeadDecrypt(key, nonce, body, associatedData('record', fields))).toEqual(plaintext);
    for (const type of ['wrappedKey', 'keyBundle', 'fileStream'] as const) {
      expect(
        errorCode(() => aeadDecrypt(key, nonce, body, associatedData(type, fields))),
        type,
      ).toBe('decryption_failed');
    }
  });

  it('refuse a context with a lone surrogate rather than encode it as U+FFFD', () => {
    const key = generateSymmetricKey('record');
    expect(errorCode(() => encryptRecord(key, plaintext, { caseId: '\uD800', kind: 'x' }))).toBe(
      'malformed',
    );
  });
});
