import { utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { lib } from './sodium.ts';

const purposePattern = /^[a-z0-9-]+$/;

/**
 * What a digest for `purpose` hashes before its bytes: `"corridor/v1/digest/" + purpose`
 * and a zero byte. Internal: callers that digest in bulk (case-chain.ts) make it once,
 * since checking and encoding it cost as much as the hash of a short input.
 * @throws CryptoError `malformed` for a purpose that is not lower-case letters, digits, dashes.
 */
export function digestPrefix(purpose: string): Uint8Array {
  if (!purposePattern.test(purpose)) {
    throw new CryptoError('malformed', 'a purpose is lower-case letters, digits and dashes');
  }
  const text = utf8(`corridor/v1/digest/${purpose}`);
  const prefix = new Uint8Array(text.length + 1);
  prefix.set(text);
  return prefix;
}

/** BLAKE2b-256 of `prefix` (from `digestPrefix`) ‖ `bytes`. @returns 32 bytes */
export function digestWithPrefix(prefix: Uint8Array, bytes: Uint8Array): Uint8Array {
  const sodium = lib();
  // One buffer, so libsodium copies one input into its memory.
  const message = new Uint8Array(prefix.length + bytes.length);
  message.set(prefix);
  message.set(bytes, prefix.length);
  return sodium.crypto_generichash(32, message, null);
}

/**
 * BLAKE2b-256 of `bytes` for one purpose (`case-event`, `case-payload`, …): the purpose is
 * a domain prefix, so a digest made for one use never equals one made for another.
 * Used for hash chains and to name ciphertext; not for passwords or low-entropy tokens.
 * @returns 32 bytes
 * @throws CryptoError `malformed` for a purpose that is not lower-case letters, digits, dashes.
 */
export function contentDigest(purpose: string, bytes: Uint8Array): Uint8Array {
  return digestWithPrefix(digestPrefix(purpose), bytes);
}
