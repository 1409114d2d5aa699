import { concatBytes, utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { lib } from './sodium.ts';

const purposePattern = /^[a-z0-9-]+$/;

/**
 * BLAKE2b-256 of `bytes` for one purpose (`case-event`, `case-payload`, …): the purpose is
 * a domain prefix, so a digest made for one use never equals one made for another.
 * Used for hash chains and to name ciphertext; not for passwords or low-entropy tokens.
 * @returns 32 bytes
 * @throws CryptoError `malformed` for a purpose that is not lower-case letters, digits, dashes.
 */
export function contentDigest(purpose: string, bytes: Uint8Array): Uint8Array {
  if (!purposePattern.test(purpose)) {
    throw new CryptoError('malformed', 'a purpose is lower-case letters, digits and dashes');
  }
  return lib().crypto_generichash(
    32,
    concatBytes(utf8(`corridor/v1/digest/${purpose}`), Uint8Array.of(0), bytes),
    null,
  );
}
