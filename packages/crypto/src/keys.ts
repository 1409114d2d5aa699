import type { Brand } from './brand.ts';
import { CryptoError } from './errors.ts';
import { lib } from './sodium.ts';

/** X25519 public key, 32 bytes: what others seal to. */
export type BoxPublicKey = Brand<Uint8Array, 'BoxPublicKey'>;
/** X25519 secret key, 32 bytes: opens what was sealed to its public key. */
export type BoxSecretKey = Brand<Uint8Array, 'BoxSecretKey'>;
/** Ed25519 public key, 32 bytes: verifies signatures. */
export type SignPublicKey = Brand<Uint8Array, 'SignPublicKey'>;
/** Ed25519 secret key in libsodium's 64-byte form (seed ‖ public key). */
export type SignSecretKey = Brand<Uint8Array, 'SignSecretKey'>;

export interface BoxKeyPair {
  readonly publicKey: BoxPublicKey;
  readonly secretKey: BoxSecretKey;
}

export interface SignKeyPair {
  readonly publicKey: SignPublicKey;
  readonly secretKey: SignSecretKey;
}

/**
 * The kinds of 32-byte symmetric key. The kind is bound into every wrapping, so a key
 * unwrapped as the wrong kind fails instead of being misused.
 */
export const symmetricKeyKinds = {
  /** Encrypts a case compartment's records. */
  record: 1,
  /** Wraps other keys (from the OPAQUE export key or a recovery code). */
  wrapping: 2,
  /** Encrypts one attachment's stream. */
  file: 3,
  /** Keys a blind index of identifiers. */
  'blind-index': 4,
} as const;

export type SymmetricKeyKind = keyof typeof symmetricKeyKinds;

/** A 32-byte symmetric key of one kind. */
export type SymmetricKey<K extends SymmetricKeyKind> = Brand<Uint8Array, `SymmetricKey:${K}`>;
export type RecordKey = SymmetricKey<'record'>;
export type WrappingKey = SymmetricKey<'wrapping'>;
export type FileKey = SymmetricKey<'file'>;
export type BlindIndexKey = SymmetricKey<'blind-index'>;

export const symmetricKeyBytes = 32;
export const boxPublicKeyBytes = 32;
export const boxSecretKeyBytes = 32;
export const signPublicKeyBytes = 32;
export const signSecretKeyBytes = 64;

function checkLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new CryptoError('invalid_key', `${what} must be ${length} bytes`);
  }
}

/** A fresh random symmetric key of the given kind. */
export function generateSymmetricKey<K extends SymmetricKeyKind>(_kind: K): SymmetricKey<K> {
  return lib().randombytes_buf(symmetricKeyBytes) as SymmetricKey<K>;
}

/**
 * Treats 32 bytes as a key of the given kind (e.g. after unwrapping them).
 * @throws CryptoError `invalid_key` for any other length.
 */
export function asSymmetricKey<K extends SymmetricKeyKind>(
  kind: K,
  bytes: Uint8Array,
): SymmetricKey<K> {
  checkLength(bytes, symmetricKeyBytes, `a ${kind} key`);
  return bytes as SymmetricKey<K>;
}

/** A fresh X25519 key pair (libsodium `crypto_box_keypair`). */
export function generateBoxKeyPair(): BoxKeyPair {
  const { publicKey, privateKey } = lib().crypto_box_keypair();
  return { publicKey: publicKey as BoxPublicKey, secretKey: privateKey as BoxSecretKey };
}

/** The X25519 key pair determined by a 32-byte seed (`crypto_box_seed_keypair`). */
export function boxKeyPairFromSeed(seed: Uint8Array): BoxKeyPair {
  checkLength(seed, 32, 'a key pair seed');
  const { publicKey, privateKey } = lib().crypto_box_seed_keypair(seed);
  return { publicKey: publicKey as BoxPublicKey, secretKey: privateKey as BoxSecretKey };
}

/** A fresh Ed25519 key pair (`crypto_sign_keypair`). */
export function generateSignKeyPair(): SignKeyPair {
  const { publicKey, privateKey } = lib().crypto_sign_keypair();
  return { publicKey: publicKey as SignPublicKey, secretKey: privateKey as SignSecretKey };
}

/** @throws CryptoError `invalid_key` unless 32 bytes. */
export function asBoxPublicKey(bytes: Uint8Array): BoxPublicKey {
  checkLength(bytes, boxPublicKeyBytes, 'an X25519 public key');
  return bytes as BoxPublicKey;
}

/** @throws CryptoError `invalid_key` unless 32 bytes. */
export function asSignPublicKey(bytes: Uint8Array): SignPublicKey {
  checkLength(bytes, signPublicKeyBytes, 'an Ed25519 public key');
  return bytes as SignPublicKey;
}

/** Rebuilds an X25519 key pair from its secret key (the public key is derived, not trusted). */
export function boxKeyPairFromSecretKey(secretKey: Uint8Array): BoxKeyPair {
  checkLength(secretKey, boxSecretKeyBytes, 'an X25519 secret key');
  return {
    publicKey: lib().crypto_scalarmult_base(secretKey) as BoxPublicKey,
    secretKey: secretKey as BoxSecretKey,
  };
}

/** Rebuilds an Ed25519 key pair from its 64-byte secret key, checking the embedded public key. */
export function signKeyPairFromSecretKey(secretKey: Uint8Array): SignKeyPair {
  checkLength(secretKey, signSecretKeyBytes, 'an Ed25519 secret key');
  const sodium = lib();
  const { publicKey } = sodium.crypto_sign_seed_keypair(
    sodium.crypto_sign_ed25519_sk_to_seed(secretKey),
  );
  if (!sodium.memcmp(publicKey, secretKey.subarray(32))) {
    throw new CryptoError('invalid_key', 'the Ed25519 secret key does not match its public half');
  }
  return { publicKey: publicKey as SignPublicKey, secretKey: secretKey as SignSecretKey };
}
