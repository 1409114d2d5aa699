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
 * How a check-in word digest was made. `blake2b` (the first version; schedules without a
 * `kdf` name it) is fast, so a seized database lets short words be tried by the million;
 * `argon2id-v1` costs each guess `checkinWordKdf` of memory and time.
 */
export type CheckinWordKdf = 'blake2b' | 'argon2id-v1';

/**
 * Argon2id cost of one word digest: modest, because the browser computes two when
 * scheduling and the server one per open check-in for every word tried (which the
 * per-conversation rate limit bounds), yet each dictionary guess against a seized
 * digest costs 16 MiB and two passes.
 */
export const checkinWordKdf = { opsLimit: 2, memLimitBytes: 16 * 1024 * 1024 } as const;

/**
 * What the server keeps of an evacuee's safe or duress word, over the check-in's salt and
 * the normalised word. The browser computes it when scheduling, the server when a word
 * arrives; neither keeps the word.
 * - `argon2id-v1` (default): Argon2id (`crypto_pwhash`, `checkinWordKdf`) of the purpose,
 *   a 0 byte and the word, with the salt. Short words stay guessable from a seized
 *   database, but slowly: see docs/decisions/0039-checkin-alarms.md.
 * - `blake2b`: BLAKE2b-256 keyed with the purpose over salt, 0, word — only to check
 *   words of check-ins scheduled before the switch.
 */
export function checkinWordDigest(
  salt: string,
  word: string,
  kdf: CheckinWordKdf = 'argon2id-v1',
): Base64 {
  const saltBytes = fromBase64(salt);
  if (saltBytes.length < 16) throw new CryptoError('malformed', 'a check-in salt is 16 bytes');
  const normal = normaliseCheckinWord(word);
  if (!normal) throw new CryptoError('malformed', 'a check-in word is not empty');
  const sodium = lib();
  if (kdf === 'blake2b') {
    const input = concatBytes(saltBytes, Uint8Array.of(0), utf8(normal));
    return toBase64(sodium.crypto_generichash(32, input, checkinWordKey()));
  }
  return toBase64(
    sodium.crypto_pwhash(
      32,
      concatBytes(checkinWordKey(), Uint8Array.of(0), utf8(normal)),
      saltBytes.subarray(0, sodium.crypto_pwhash_SALTBYTES),
      checkinWordKdf.opsLimit,
      checkinWordKdf.memLimitBytes,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    ),
  );
}
