import { type Base64, toBase64 } from './encoding.ts';
import { lib } from './sodium.ts';

/** `length` bytes from the operating system's CSPRNG (libsodium `randombytes_buf`). */
export function randomBytes(length: number): Uint8Array {
  return lib().randombytes_buf(length);
}

/**
 * A random token for sessions and invitations: 32 bytes (256 bits, above ASVS's 128-bit
 * minimum), as 43 characters of URL-safe base64.
 */
export function randomToken(bytes = 32): Base64 {
  if (bytes < 16) throw new RangeError('a token needs at least 16 bytes (128 bits)');
  return toBase64(randomBytes(bytes));
}

/** Overwrites secret bytes in memory with zeros (libsodium `memzero`). */
export function wipe(bytes: Uint8Array): void {
  lib().memzero(bytes);
}
