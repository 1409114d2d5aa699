import { type Base64, toBase64, utf8 } from './encoding.ts';
import type { BlindIndexKey } from './keys.ts';
import { lib } from './sodium.ts';

/**
 * A keyed BLAKE2b-256 of an identifier (a Telegram chat id, an e-mail address), so the
 * server can route a follow-up to its conversation without ever holding the identifier.
 * `domain` keeps the indexes of different channels apart. Normalise the value first
 * (e.g. lower-case an e-mail address): the index is exact.
 */
export function blindIndex(key: BlindIndexKey, domain: string, value: string): Base64 {
  const input = utf8(`${domain}\u0000${value}`);
  return toBase64(lib().crypto_generichash(32, input, key));
}
