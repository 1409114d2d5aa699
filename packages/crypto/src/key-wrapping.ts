import { aeadDecrypt, aeadEncrypt, aeadNonceBytes, aeadTagBytes } from './aead.ts';
import type { Brand } from './brand.ts';
import { concatBytes } from './encoding.ts';
import { associatedData, envelopeHeader, openEnvelope } from './envelope.ts';
import { CryptoError } from './errors.ts';
import {
  asSymmetricKey,
  type BoxKeyPair,
  type BoxPublicKey,
  type BoxSecretKey,
  boxKeyPairFromSecretKey,
  type SymmetricKey,
  type SymmetricKeyKind,
  symmetricKeyKinds,
  type WrappingKey,
} from './keys.ts';
import { openSealedBody, sealedOverheadBytes } from './sealed.ts';
import { lib } from './sodium.ts';

/** A symmetric key wrapped under another: header ‖ nonce (24) ‖ ciphertext (32) ‖ tag (16). */
export type WrappedKey = Brand<Uint8Array, 'WrappedKey'>;
/** A key sealed to a public key: header ‖ sealed box of (kind byte ‖ key). */
export type SealedKey = Brand<Uint8Array, 'SealedKey'>;

/** Kind byte of an X25519 secret key inside a sealed key (team keys sealed to members). */
const boxSecretKind = 0x10;

const wrapAd = (kind: SymmetricKeyKind, purpose: string) =>
  associatedData('wrappedKey', ['wrapped-key', kind, purpose]);

/**
 * Wraps a symmetric key under a wrapping key. `purpose` names what the wrapping is for
 * (e.g. `compartment:<caseId>:identity`) and is bound in, with the key's kind, so a
 * wrapped key cannot be swapped for another or opened as another kind.
 */
export function wrapKey<K extends SymmetricKeyKind>(
  wrappingKey: WrappingKey,
  key: SymmetricKey<K>,
  kind: K,
  purpose: string,
): WrappedKey {
  const nonce = lib().randombytes_buf(aeadNonceBytes);
  return concatBytes(
    envelopeHeader('wrappedKey'),
    nonce,
    aeadEncrypt(wrappingKey, nonce, key, wrapAd(kind, purpose)),
  ) as WrappedKey;
}

/**
 * @throws CryptoError `decryption_failed` for another wrapping key, kind or purpose, or changed bytes.
 */
export function unwrapKey<K extends SymmetricKeyKind>(
  wrappingKey: WrappingKey,
  wrapped: Uint8Array,
  kind: K,
  purpose: string,
): SymmetricKey<K> {
  const body = openEnvelope(wrapped, 'wrappedKey', aeadNonceBytes + aeadTagBytes);
  const key = aeadDecrypt(
    wrappingKey,
    body.subarray(0, aeadNonceBytes),
    body.subarray(aeadNonceBytes),
    wrapAd(kind, purpose),
  );
  return asSymmetricKey(kind, key);
}

function sealKeyBytes(recipient: BoxPublicKey, kindByte: number, key: Uint8Array): SealedKey {
  const sodium = lib();
  const plaintext = concatBytes(Uint8Array.of(kindByte), key);
  const sealed = sodium.crypto_box_seal(plaintext, recipient);
  sodium.memzero(plaintext);
  return concatBytes(envelopeHeader('sealedKey'), sealed) as SealedKey;
}

function openSealedKeyBytes(
  recipient: BoxKeyPair,
  sealed: Uint8Array,
  kindByte: number,
  what: string,
): Uint8Array {
  const plaintext = openSealedBody(
    recipient,
    openEnvelope(sealed, 'sealedKey', sealedOverheadBytes + 1),
  );
  if (plaintext[0] !== kindByte || plaintext.length !== 33) {
    throw new CryptoError('invalid_key', `the sealed key is not ${what}`);
  }
  return plaintext.slice(1);
}

/** Seals a symmetric key to a member's or team's public key (e.g. a compartment key to a team). */
export function sealKey<K extends SymmetricKeyKind>(
  recipient: BoxPublicKey,
  key: SymmetricKey<K>,
  kind: K,
): SealedKey {
  return sealKeyBytes(recipient, symmetricKeyKinds[kind], key);
}

/** @throws CryptoError `decryption_failed` for another recipient, `invalid_key` for another kind. */
export function openSealedKey<K extends SymmetricKeyKind>(
  recipient: BoxKeyPair,
  sealed: Uint8Array,
  kind: K,
): SymmetricKey<K> {
  return asSymmetricKey(
    kind,
    openSealedKeyBytes(recipient, sealed, symmetricKeyKinds[kind], `a ${kind} key`),
  );
}

/** Seals an X25519 secret key (a team's) to a member's public key. */
export function sealBoxSecretKey(recipient: BoxPublicKey, secretKey: BoxSecretKey): SealedKey {
  return sealKeyBytes(recipient, boxSecretKind, secretKey);
}

/** Opens a sealed team secret key and rebuilds the team's key pair from it. */
export function openSealedBoxSecretKey(recipient: BoxKeyPair, sealed: Uint8Array): BoxKeyPair {
  return boxKeyPairFromSecretKey(
    openSealedKeyBytes(recipient, sealed, boxSecretKind, 'an X25519 secret key'),
  );
}
