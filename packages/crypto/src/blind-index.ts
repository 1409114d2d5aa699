import { type Base64, concatBytes, toBase64, utf8, wellFormed } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { asSymmetricKey, type BlindIndexKey } from './keys.ts';
import { lib } from './sodium.ts';

/**
 * A keyed BLAKE2b-256 of an identifier (a Telegram chat id, an e-mail address), so the
 * server can route a follow-up to its conversation without ever holding the identifier.
 * `domain` keeps the indexes of different channels apart. Normalise the value first
 * (e.g. lower-case an e-mail address): the index is exact.
 *
 * A seized server that also holds this key can test guesses of low-entropy values (a
 * phone number, a chat id), so the key lives with the hotline team, not the server.
 */
export function blindIndex(key: BlindIndexKey, domain: string, value: string): Base64 {
  asSymmetricKey('blind-index', key);
  // The domain may not hold the separator, so (domain, value) pairs cannot collide.
  if (!/^[a-z0-9-]+$/.test(domain)) {
    throw new CryptoError(
      'malformed',
      'a blind-index domain is lower-case letters, digits and dashes',
    );
  }
  const input = concatBytes(utf8(domain), Uint8Array.of(0), utf8(wellFormed(value)));
  return toBase64(lib().crypto_generichash(32, input, key));
}
