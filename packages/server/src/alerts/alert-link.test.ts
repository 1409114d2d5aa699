// Link codes: random, in Crockford's alphabet, and read back as a person may type them.
import { initCrypto } from '@corridor/crypto';
import { AlertLinkCodeSchema } from '@corridor/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { newLinkCode, normaliseLinkCode } from './alert-link.ts';

describe('Telegram link codes', () => {
  beforeAll(async () => {
    await initCrypto();
  });

  it('are ten random characters of Crockford base 32 in two groups', () => {
    const codes = Array.from({ length: 200 }, newLinkCode);
    for (const code of codes) expect(AlertLinkCodeSchema.safeParse(code).success).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are read in any case, with or without the dash, O/I/L as digits', () => {
    expect(normaliseLinkCode('7q2kd-m4x9b')).toBe('7Q2KD-M4X9B');
    expect(normaliseLinkCode(' 7Q2KDM4X9B ')).toBe('7Q2KD-M4X9B');
    expect(normaliseLinkCode('7Q2KD-M4XOl')).toBe('7Q2KD-M4X01');
    expect(normaliseLinkCode('7Q2KD-M4X9')).toBeNull();
    expect(normaliseLinkCode('7Q2KD-M4X9U')).toBeNull();
    expect(normaliseLinkCode('off')).toBeNull();
  });
});
