import { normaliseCode, randomCode } from './base32.ts';
import type { Brand } from './brand.ts';
import { type Base64, toBase64, utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { type BoxKeyPair, boxKeyPairFromSeed } from './keys.ts';
import { lib } from './sodium.ts';

/**
 * What an applicant keeps to come back: five groups of four Crockford base32 characters
 * (`7KQM-2D9X-…`), 100 bits from the CSPRNG, stretched with Argon2id below.
 */
export type ReceiptCode = Brand<string, 'ReceiptCode'>;

const groups = 5;

/** Argon2id cost of deriving keys from a receipt code; stored with what it protects. */
export interface ReceiptKdfParams {
  readonly algorithm: 'argon2id13';
  readonly opsLimit: number;
  readonly memLimitBytes: number;
}

/**
 * libsodium's "interactive" Argon2id setting (2 passes, 64 MiB). The derivation runs on
 * the server for applicants without JavaScript, so it must stay cheap enough to serve
 * under load; 100 bits of code entropy, not the stretching, carry the security.
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
 * Derives the applicant's key pair and access key from a code. The salt is the
 * organisation's (16 bytes, random, public): a per-message salt would stop the server
 * from finding the conversation by code.
 */
export function deriveReceiptKeys(
  code: ReceiptCode,
  salt: Uint8Array,
  params: ReceiptKdfParams = receiptKdfParams,
): ReceiptKeys {
  const sodium = lib();
  if (salt.length !== sodium.crypto_pwhash_SALTBYTES) {
    throw new CryptoError('malformed', `the salt must be ${sodium.crypto_pwhash_SALTBYTES} bytes`);
  }
  const master = sodium.crypto_pwhash(
    32,
    utf8(parseReceiptCode(code)),
    salt,
    params.opsLimit,
    params.memLimitBytes,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
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
