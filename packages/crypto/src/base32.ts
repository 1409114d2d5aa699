import { CryptoError } from './errors.ts';
import { lib } from './sodium.ts';

/**
 * Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand
 * survives confusion between 0/O and 1/I/L.
 */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random code of `groups` groups of four Crockford characters: 20 bits per group. */
export function randomCode(groups: number): string {
  // One call for all the bytes (a call per character cost ~90 µs a code); the low five
  // bits of a uniform byte are uniform over the 32 characters, since 32 divides 256.
  const bytes = lib().randombytes_buf(groups * 4);
  const chars = Array.from(bytes, (byte) => alphabet[byte & 31]);
  bytes.fill(0);
  return Array.from({ length: groups }, (_, g) => chars.slice(g * 4, g * 4 + 4).join('')).join('-');
}

/**
 * Normalises a code typed by a person: case, spaces and dashes are ignored, and the
 * look-alikes O→0 and I/L→1 are corrected. Returns the canonical grouped form.
 * @throws CryptoError `invalid_code` for the wrong length or a character outside the alphabet.
 */
export function normaliseCode(input: string, groups: number): string {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== groups * 4 || [...compact].some((c) => !alphabet.includes(c))) {
    throw new CryptoError('invalid_code', `expected ${groups} groups of 4 characters`);
  }
  return compact.match(/.{4}/g)?.join('-') ?? compact;
}
