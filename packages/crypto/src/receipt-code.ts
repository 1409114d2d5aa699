import { normaliseCode, randomCode } from './base32.ts';
import type { Brand } from './brand.ts';
import { type Base64, concatBytes, toBase64, utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { type BoxKeyPair, boxKeyPairFromSeed } from './keys.ts';
import { lib } from './sodium.ts';

/**
 * What an applicant keeps to come back: five groups of four Crockford base32 characters
 * (`7KQM-2D9X-…`), 100 bits from the CSPRNG. The keys are derived from it with the
 * algorithm stored beside the salt (`ReceiptKdfParams`), so old codes keep working.
 */
export type ReceiptCode = Brand<string, 'ReceiptCode'>;

/**
 * A 32-byte secret the server keeps outside its database (derived from its sealing key),
 * mixed into `blake2b-keyed` derivations: a copy of the database alone cannot test a
 * guessed code.
 */
export type ReceiptServerKey = Brand<Uint8Array, 'ReceiptServerKey'>;

const groups = 5;

/** How keys are derived from a receipt code; stored with what it protects. */
export type ReceiptKdfParams =
  /** Argon2id (libsodium `crypto_pwhash`, parallelism 1) of the code with the salt. */
  | {
      readonly algorithm: 'argon2id13';
      readonly opsLimit: number;
      readonly memLimitBytes: number;
    }
  /**
   * One BLAKE2b-256 keyed with a `ReceiptServerKey` over the salt and the code: no
   * stretching, because 100 random bits need none (decision 0035), and a server secret,
   * so the database alone tests nothing.
   */
  | { readonly algorithm: 'blake2b-keyed' };

/**
 * libsodium's "interactive" Argon2id setting (2 passes, 64 MiB), the default of
 * `deriveReceiptKeys` kept for its known answers. The intake uses `blake2b-keyed`.
 */
export const receiptKdfParams: ReceiptKdfParams = {
  algorithm: 'argon2id13',
  opsLimit: 2,
  memLimitBytes: 64 * 1024 * 1024,
};

export interface ReceiptKeys {
  /** Replies to the applicant are sealed to this key pair's public key. */
  readonly keyPair: BoxKeyPair;
  /** Proves knowledge of the code; the server keeps only `receiptVerifier` of it. */
  readonly accessKey: Uint8Array;
}

/** A new receipt code. */
export function generateReceiptCode(): ReceiptCode {
  return randomCode(groups) as ReceiptCode;
}

/**
 * Parses a code as a person typed it (any case, spaces, dashes, O for 0, I/L for 1).
 * @throws CryptoError `invalid_code`
 */
export function parseReceiptCode(input: string): ReceiptCode {
  return normaliseCode(input, groups) as ReceiptCode;
}

/**
 * Brands 32 bytes as the server's receipt key (see `ReceiptServerKey`).
 * @throws CryptoError `invalid_key` for any other length.
 */
export function asReceiptServerKey(bytes: Uint8Array): ReceiptServerKey {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new CryptoError('invalid_key', 'a receipt server key is 32 bytes');
  }
  return bytes as ReceiptServerKey;
}

const keyedDomain = utf8('corridor/v1/receipt-code');

function masterKey(
  code: Uint8Array,
  salt: Uint8Array,
  params: ReceiptKdfParams,
  serverKey: ReceiptServerKey | undefined,
): Uint8Array {
  const sodium = lib();
  if (params.algorithm === 'argon2id13') {
    return sodium.crypto_pwhash(
      32,
      code,
      salt,
      params.opsLimit,
      params.memLimitBytes,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
  }
  if (params.algorithm === 'blake2b-keyed') {
    if (!serverKey) throw new CryptoError('invalid_key', 'blake2b-keyed needs the server key');
    asReceiptServerKey(serverKey);
    // Fixed-length fields (domain, NUL, 16-byte salt) before the code: no two inputs collide.
    return sodium.crypto_generichash(
      32,
      concatBytes(keyedDomain, Uint8Array.of(0), salt, code),
      serverKey,
    );
  }
  throw new CryptoError('malformed', 'unknown receipt-code key derivation');
}

/**
 * Derives the applicant's key pair and access key from a code. The salt is the
 * organisation's (16 bytes, random, public): a per-message salt would stop the server
 * from finding the conversation by code. `serverKey` is required for `blake2b-keyed`.
 * @throws CryptoError `malformed` (salt length, unknown algorithm), `invalid_key`.
 */
export function deriveReceiptKeys(
  code: ReceiptCode,
  salt: Uint8Array,
  params: ReceiptKdfParams = receiptKdfParams,
  serverKey?: ReceiptServerKey,
): ReceiptKeys {
  const sodium = lib();
  if (salt.length !== sodium.crypto_pwhash_SALTBYTES) {
    throw new CryptoError('malformed', `the salt must be ${sodium.crypto_pwhash_SALTBYTES} bytes`);
  }
  const master = masterKey(utf8(parseReceiptCode(code)), salt, params, serverKey);
  const seed = sodium.crypto_kdf_derive_from_key(32, 1, 'receipt_', master);
  const accessKey = sodium.crypto_kdf_derive_from_key(32, 2, 'receipt_', master);
  sodium.memzero(master);
  const keyPair = boxKeyPairFromSeed(seed);
  sodium.memzero(seed);
  return { keyPair, accessKey };
}

/** What the server stores to recognise an access key: its BLAKE2b hash, as base64. */
export function receiptVerifier(accessKey: Uint8Array): Base64 {
  return toBase64(lib().crypto_generichash(32, accessKey, utf8('corridor/v1/receipt-verifier')));
}
