import { describe, expect, it } from 'vitest';
import { initCrypto } from './init.ts';
import {
  openSealedBoxSecretKey,
  openSealedKey,
  sealBoxSecretKey,
  sealKey,
  unwrapKey,
  wrapKey,
} from './key-wrapping.ts';
import { generateBoxKeyPair, generateSymmetricKey } from './keys.ts';
import { errorCode, everyBitFlip } from './testing.ts';

await initCrypto();

describe('wrapping a key under another', () => {
  const wrappingKey = generateSymmetricKey('wrapping');
  const recordKey = generateSymmetricKey('record');
  const purpose = 'compartment:case-1:identity';

  it('round-trips', () => {
    expect(
      unwrapKey(wrappingKey, wrapKey(wrappingKey, recordKey, 'record', purpose), 'record', purpose),
    ).toEqual(recordKey);
  });

  it('refuses another kind, another purpose, or another wrapping key', () => {
    const wrapped = wrapKey(wrappingKey, recordKey, 'record', purpose);
    expect(errorCode(() => unwrapKey(wrappingKey, wrapped, 'file', purpose))).toBe(
      'decryption_failed',
    );
    expect(
      errorCode(() => unwrapKey(wrappingKey, wrapped, 'record', 'compartment:case-2:identity')),
    ).toBe('decryption_failed');
    expect(
      errorCode(() => unwrapKey(generateSymmetricKey('wrapping'), wrapped, 'record', purpose)),
    ).toBe('decryption_failed');
  });

  it('fails closed on every flipped bit', () => {
    const wrapped = wrapKey(wrappingKey, recordKey, 'record', purpose);
    for (const [tampered, bit] of everyBitFlip(wrapped)) {
      expect(
        ['decryption_failed', 'unsupported_version', 'wrong_envelope_type'],
        `bit ${bit}`,
      ).toContain(errorCode(() => unwrapKey(wrappingKey, tampered, 'record', purpose)));
    }
  });

  it('cannot be opened as a record', async () => {
    const { decryptRecord } = await import('./records.ts');
    const wrapped = wrapKey(wrappingKey, recordKey, 'record', purpose);
    expect(
      errorCode(() => decryptRecord(wrappingKey as never, wrapped, { caseId: 'x', kind: 'y' })),
    ).toBe('wrong_envelope_type');
  });
});

describe('sealing a key to a public key', () => {
  const member = generateBoxKeyPair();
  const purpose = 'compartment:case-1:identity';

  it('round-trips a symmetric key and checks its kind, purpose and recipient', () => {
    const key = generateSymmetricKey('record');
    const sealed = sealKey(member.publicKey, key, 'record', purpose);
    expect(openSealedKey(member, sealed, 'record', purpose)).toEqual(key);
    expect(errorCode(() => openSealedKey(member, sealed, 'file', purpose))).toBe('invalid_key');
    expect(
      errorCode(() => openSealedKey(member, sealed, 'record', 'compartment:case-2:identity')),
    ).toBe('decryption_failed');
    expect(errorCode(() => openSealedKey(generateBoxKeyPair(), sealed, 'record', purpose))).toBe(
      'decryption_failed',
    );
  });

  it("round-trips a team's secret key, and refuses one that is not the team's known key", () => {
    const team = generateBoxKeyPair();
    const sealed = sealBoxSecretKey(member.publicKey, team.secretKey, 'team:t1');
    const opened = openSealedBoxSecretKey(member, sealed, 'team:t1', team.publicKey);
    expect(opened.publicKey).toEqual(team.publicKey);
    expect(opened.secretKey).toEqual(team.secretKey);
    // Whoever can seal to the member (a seized server) substitutes a key pair of its own.
    const substitute = generateBoxKeyPair();
    const forged = sealBoxSecretKey(member.publicKey, substitute.secretKey, 'team:t1');
    expect(errorCode(() => openSealedBoxSecretKey(member, forged, 'team:t1', team.publicKey))).toBe(
      'invalid_key',
    );
    expect(errorCode(() => openSealedBoxSecretKey(member, sealed, 'team:t2', team.publicKey))).toBe(
      'decryption_failed',
    );
    expect(errorCode(() => openSealedKey(member, sealed, 'record', 'team:t1'))).toBe('invalid_key');
  });

  it('fails closed on every flipped bit', () => {
    const sealed = sealKey(member.publicKey, generateSymmetricKey('record'), 'record', purpose);
    for (const [tampered, bit] of everyBitFlip(sealed)) {
      expect(
        ['decryption_failed', 'unsupported_version', 'wrong_envelope_type'],
        `bit ${bit}`,
      ).toContain(errorCode(() => openSealedKey(member, tampered, 'record', purpose)));
    }
  });

  it('refuses a malformed recipient key with a typed error', () => {
    expect(
      errorCode(() =>
        sealKey(new Uint8Array(5) as never, generateSymmetricKey('record'), 'record', purpose),
      ),
    ).toBe('invalid_key');
  });

  it('refuses, at compile time, a key of another kind than the one named', () => {
    const key = generateSymmetricKey('record');
    const wk = generateSymmetricKey('wrapping');
    // @ts-expect-error a record key cannot be sealed as a file key
    const sealAsFile = () => sealKey(member.publicKey, key, 'file', purpose);
    // @ts-expect-error nor wrapped as one
    const wrapAsFile = () => wrapKey(wk, key, 'file', purpose);
    expect([typeof sealAsFile, typeof wrapAsFile]).toEqual(['function', 'function']);
  });
});
