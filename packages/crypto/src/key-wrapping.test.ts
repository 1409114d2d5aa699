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

  it('round-trips a symmetric key and checks its kind', () => {
    const key = generateSymmetricKey('record');
    const sealed = sealKey(member.publicKey, key, 'record');
    expect(openSealedKey(member, sealed, 'record')).toEqual(key);
    expect(errorCode(() => openSealedKey(member, sealed, 'file'))).toBe('invalid_key');
    expect(errorCode(() => openSealedKey(generateBoxKeyPair(), sealed, 'record'))).toBe(
      'decryption_failed',
    );
  });

  it("round-trips a team's secret key and rebuilds the team's key pair", () => {
    const team = generateBoxKeyPair();
    const sealed = sealBoxSecretKey(member.publicKey, team.secretKey);
    const opened = openSealedBoxSecretKey(member, sealed);
    expect(opened.publicKey).toEqual(team.publicKey);
    expect(opened.secretKey).toEqual(team.secretKey);
    expect(errorCode(() => openSealedKey(member, sealed, 'record'))).toBe('invalid_key');
  });

  it('fails closed on every flipped bit', () => {
    const sealed = sealKey(member.publicKey, generateSymmetricKey('record'), 'record');
    for (const [tampered, bit] of everyBitFlip(sealed)) {
      expect(
        ['decryption_failed', 'unsupported_version', 'wrong_envelope_type'],
        `bit ${bit}`,
      ).toContain(errorCode(() => openSealedKey(member, tampered, 'record')));
    }
  });
});
