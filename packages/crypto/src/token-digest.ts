import { type Base64, toBase64, utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { lib } from './sodium.ts';

/**
 * What the server stores of a bearer token (session, invitation, backup code): its
 * BLAKE2b-256, so a copy of the database cannot be replayed as a login. Tokens carry
 * ≥ 128 bits, so no stretching is needed.
 */
export function tokenDigest(purpose: string, token: string): Base64 {
  return toBase64(lib().crypto_generichash(32, utf8(token), utf8(`corridor/v1/token/${purpose}`)));
}

/**
 * A digest of a low-entropy token (a 60-bit backup code) keyed with a server secret
 * kept outside the database: a copy of the database alone then gives nothing to test
 * guesses against. `key` is 32 bytes (see `deriveSubkey`).
 */
export function keyedTokenDigest(key: Uint8Array, purpose: string, token: string): Base64 {
  if (key.length !== 32) throw new CryptoError('invalid_key', 'a digest key is 32 bytes');
  return toBase64(
    lib().crypto_generichash(32, utf8(`corridor/v1/token/${purpose}\u0000${token}`), key),
  );
}

/**
 * An independent 32-byte key for one use, derived from a master key (libsodium
 * `crypto_kdf`, BLAKE2b), so one secret never serves two purposes.
 * @param context exactly 8 ASCII characters naming the use
 */
export function deriveSubkey(masterKey: Uint8Array, context: string, id = 1): Uint8Array {
  if (masterKey.length !== 32) throw new CryptoError('invalid_key', 'a master key is 32 bytes');
  if (!/^[ -~]{8}$/.test(context))
    throw new RangeError('a key-derivation context is 8 ASCII characters');
  return lib().crypto_kdf_derive_from_key(32, id, context, masterKey);
}
