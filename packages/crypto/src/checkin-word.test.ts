import { describe, expect, it } from 'vitest';
import { checkinWordDigest, checkinWordSalt, normaliseCheckinWord } from './checkin-word.ts';
import { toBase64 } from './encoding.ts';
import { initCrypto } from './init.ts';
import { errorCode } from './testing.ts';

await initCrypto();

const salt = toBase64(new Uint8Array(16).fill(7));

describe('check-in words', () => {
  it('normalise the way people type them on a phone', () => {
    expect(normaliseCheckinWord('  Рассвет  ')).toBe('рассвет');
    expect(normaliseCheckinWord('Blue   Door')).toBe('blue door');
    // NFKC: a full-width letter is the letter.
    expect(normaliseCheckinWord('ＡＢＣ')).toBe('abc');
  });

  it('have known answers (Argon2id of purpose, 0, word, with the salt)', () => {
    expect(checkinWordDigest(salt, 'sunrise')).toBe('Zvw8Purc6lcHFpNNyUQo2idr5IpYB95QNa9yOGRkbz0');
    expect(checkinWordDigest(salt, 'рассвет')).toBe('VXkNESFrPpHpmP8mS8_BCm3N8MurNQkRyJYjFBu2bOk');
    expect(checkinWordDigest(salt, 'sunrise', 'argon2id-v1')).toBe(
      checkinWordDigest(salt, 'sunrise'),
    );
  });

  it('still check words of older schedules (BLAKE2b-256 keyed with the purpose)', () => {
    expect(checkinWordDigest(salt, 'sunrise', 'blake2b')).toBe(
      'uDxnLoz2gI9VH0thkKcMPTipZoMBkS9oaXdJHdojABk',
    );
    expect(checkinWordDigest(salt, 'рассвет', 'blake2b')).toBe(
      'pmAX5Eh6jyi5EKLQe2NX7BMCVX_CmiLukWpB4QZNaRI',
    );
  });

  it('give one digest for one word however it is typed, another for another word or salt', () => {
    const a = checkinWordDigest(salt, 'Sunrise ');
    expect(a).toBe(checkinWordDigest(salt, 'sunrise'));
    expect(a).not.toBe(checkinWordDigest(salt, 'sunset'));
    expect(a).not.toBe(checkinWordDigest(checkinWordSalt(), 'sunrise'));
    expect(a).not.toBe(checkinWordDigest(salt, 'sunrise', 'blake2b'));
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuse an empty word and a short salt', () => {
    expect(errorCode(() => checkinWordDigest(salt, '   '))).toBe('malformed');
    expect(errorCode(() => checkinWordDigest(toBase64(new Uint8Array(8)), 'x'))).toBe('malformed');
  });

  it('make a fresh 16-byte salt each time', () => {
    expect(checkinWordSalt()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(checkinWordSalt()).not.toBe(checkinWordSalt());
  });
});
