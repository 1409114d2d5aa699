import { contentDigest } from './content-digest.ts';
import { toHex } from './encoding.ts';

/**
 * A public key's fingerprint for people to compare, read aloud or side by side with what
 * the key's holder shows them: BLAKE2b (`key-fingerprint`) of the key, its first 12 bytes
 * as upper-case hex in six groups of four (`3F2A 9C01 …`). 96 bits: enough that nobody
 * can make another key with the same fingerprint, short enough to compare.
 */
export function keyFingerprint(publicKey: Uint8Array): string {
  const hex = toHex(contentDigest('key-fingerprint', publicKey).subarray(0, 12)).toUpperCase();
  return hex.match(/.{4}/g)?.join(' ') ?? hex;
}
