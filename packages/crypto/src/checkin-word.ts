import { type Base64, concatBytes, fromBase64, toBase64, utf8, wellFormed } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { randomBytes } from './random.ts';
import { lib } from './sodium.ts';

const checkinWordKey = () => utf8('corridor/v1/checkin-word');

/**
 * A check-in word as people type it: Unicode NFKC, lower case, inner spaces collapsed,
 * ends trimmed — so "  Рассвет " and "рассвет" are the same word on a phone keyboard.
 */
export function normaliseCheckinWord(word: string): string {
  return wellFormed(word).normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** A fresh salt for one check-in's words (16 random bytes, base64url). */
export function checkinWordSalt(): Base64 {
  return toBase64(randomBytes(16));
}

/**
 * What the server keeps of an evacuee's safe or duress word: BLAKE2b-256 keyed with the
 * purpose (`checkin-word`) over the check-in's salt and the normalised word. The browser
 * computes it when scheduling, the server when a word arrives; neither keeps the word.
 * The words are short, so a seized database lets guesses be tested against a digest:
 * the salt only stops one table serving every check-in. The words protect the evacuee
 * against an onlooker, not against a seizure of the server.
 */
export function checkinWordDigest(salt: string, word: string): Base64 {
  const saltBytes = fromBase64(salt);
  if (saltBytes.length < 16) throw new CryptoError('malformed', 'a check-in salt is 16 bytes');
  const normal = normaliseCheckinWord(word);
  if (!normal) throw new CryptoError('malformed', 'a check-in word is not empty');
  const input = concatBytes(saltBytes, Uint8Array.of(0), utf8(normal));
  return toBase64(lib().crypto_generichash(32, input, checkinWordKey()));
}
