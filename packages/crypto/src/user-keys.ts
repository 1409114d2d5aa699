import { openAeadEnvelope, sealAeadEnvelope } from './aead.ts';
import type { Brand } from './brand.ts';
import { concatBytes, utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';
import {
  asSymmetricKey,
  type BoxKeyPair,
  boxKeyPairFromSecretKey,
  generateBoxKeyPair,
  generateSignKeyPair,
  type SignKeyPair,
  signKeyPairFromSecretKey,
  type WrappingKey,
} from './keys.ts';
import { lib } from './sodium.ts';

/** A member's private keys: X25519 to open what is sealed to them, Ed25519 to sign. */
export interface UserKeys {
  readonly box: BoxKeyPair;
  readonly sign: SignKeyPair;
}

/** The user's private keys wrapped under a wrapping key: header ‖ nonce ‖ ciphertext (96) ‖ tag. */
export type WrappedUserKeys = Brand<Uint8Array, 'WrappedUserKeys'>;

const bundleBytes = 32 + 64;
const bundleFields = (userId: string) => ['key-bundle', userId];

/** New key pairs for a new member; made in their browser, never on the server. */
export function generateUserKeys(): UserKeys {
  return { box: generateBoxKeyPair(), sign: generateSignKeyPair() };
}

/** Wraps a member's private keys for storage on the server, bound to their user id. */
export function wrapUserKeys(
  wrappingKey: WrappingKey,
  keys: UserKeys,
  userId: string,
): WrappedUserKeys {
  const sodium = lib();
  const plaintext = concatBytes(keys.box.secretKey, keys.sign.secretKey);
  const sealed = sealAeadEnvelope('keyBundle', wrappingKey, plaintext, bundleFields(userId));
  sodium.memzero(plaintext);
  return sealed as WrappedUserKeys;
}

/**
 * @throws CryptoError `decryption_failed` for another wrapping key or user id, or changed bytes.
 */
export function unwrapUserKeys(
  wrappingKey: WrappingKey,
  wrapped: Uint8Array,
  userId: string,
): UserKeys {
  const plaintext = openAeadEnvelope('keyBundle', wrappingKey, wrapped, bundleFields(userId));
  try {
    if (plaintext.length !== bundleBytes) {
      throw new CryptoError('malformed', 'the key bundle has the wrong length');
    }
    return {
      box: boxKeyPairFromSecretKey(plaintext.slice(0, 32)),
      sign: signKeyPairFromSecretKey(plaintext.slice(32)),
    };
  } finally {
    lib().memzero(plaintext);
  }
}

/**
 * The wrapping key for a member's private keys, from the OPAQUE export key (RFC 9807
 * §6.4.4: a client-only secret the server never learns). Keyed BLAKE2b with a fixed
 * context, so the export key itself is used for nothing else.
 * @param exportKey the 64-byte export key OPAQUE gives the client at registration and login
 */
export function wrappingKeyFromExportKey(exportKey: Uint8Array): WrappingKey {
  if (exportKey.length < 32 || exportKey.length > 64) {
    throw new CryptoError('invalid_key', 'the OPAQUE export key must be 32 to 64 bytes');
  }
  return asSymmetricKey(
    'wrapping',
    lib().crypto_generichash(32, utf8('corridor/v1/user-keys-wrapping'), exportKey),
  );
}
