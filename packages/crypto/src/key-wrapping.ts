import { openAeadEnvelope, sealAeadEnvelope } from './aead.ts';
import type { Brand } from './brand.ts';
import { concatBytes, toHex } from './encoding.ts';
import { associatedData, envelopeHeader, openEnvelope } from './envelope.ts';
import { CryptoError } from './errors.ts';
import {
  asBoxPublicKey,
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

const wrapFields = (kind: SymmetricKeyKind, purpose: string) => ['wrapped-key', kind, purpose];

/**
 * Wraps a symmetric key under a wrapping key. `purpose` names what the wrapping is for
 * (e.g. `compartment:<caseId>:identity`) and is bound in, with the key's kind, so a
 * wrapped key cannot be swapped for another or opened as another kind.
 */
export function wrapKey<K extends SymmetricKeyKind>(
  wrappingKey: WrappingKey,
  key: SymmetricKey<NoInfer<K>>,
  kind: K,
  purpose: string,
): WrappedKey {
  return sealAeadEnvelope(
    'wrappedKey',
    wrappingKey,
    asSymmetricKey(kind, key),
    wrapFields(kind, purpose),
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
  return asSymmetricKey(
    kind,
    openAeadEnvelope('wrappedKey', wrappingKey, wrapped, wrapFields(kind, purpose)),
  );
}

/**
 * A sealed box has no associated data, so the context goes inside: kind byte ‖ key ‖
 * BLAKE2b-256 of (kind, purpose, recipient public key). A sealed key handed out for one
 * case, team or recipient then fails to open for another. A sealed box is anonymous —
 * anyone holding the recipient's public key can make one — so where it matters who
 * granted a key, the grant must also be signed (`sign(…, 'key-grant', sealed)`).
 */
function contextDigest(kindByte: number, purpose: string, recipient: BoxPublicKey): Uint8Array {
  const ad = associatedData('sealedKey', [
    'sealed-key',
    String(kindByte),
    purpose,
    toHex(recipient),
  ]);
  return lib().crypto_generichash(32, ad, null);
}

function sealKeyBytes(
  recipient: BoxPublicKey,
  kindByte: number,
  key: Uint8Array,
  purpose: string,
): SealedKey {
  const sodium = lib();
  asBoxPublicKey(recipient);
  const plaintext = concatBytes(
    Uint8Array.of(kindByte),
    key,
    contextDigest(kindByte, purpose, recipient),
  );
  const sealed = sodium.crypto_box_seal(plaintext, recipient);
  sodium.memzero(plaintext);
  return concatBytes(envelopeHeader('sealedKey'), sealed) as SealedKey;
}

function openSealedKeyBytes(
  recipient: BoxKeyPair,
  sealed: Uint8Array,
  kindByte: number,
  purpose: string,
  what: string,
): Uint8Array {
  const sodium = lib();
  const plaintext = openSealedBody(
    recipient,
    openEnvelope(sealed, 'sealedKey', sealedOverheadBytes + 1),
  );
  if (plaintext[0] !== kindByte || plaintext.length !== 1 + 32 + 32) {
    sodium.memzero(plaintext);
    throw new CryptoError('invalid_key', `the sealed key is not ${what}`);
  }
  if (
    !sodium.memcmp(plaintext.subarray(33), contextDigest(kindByte, purpose, recipient.publicKey))
  ) {
    sodium.memzero(plaintext);
    throw new CryptoError(
      'decryption_failed',
      'the sealed key was made for another purpose or recipient',
    );
  }
  const key = plaintext.slice(1, 33);
  sodium.memzero(plaintext);
  return key;
}

/**
 * Seals a symmetric key to a member's or team's public key for one purpose (e.g.
 * `compartment:<caseId>:identity`).
 */
export function sealKey<K extends SymmetricKeyKind>(
  recipient: BoxPublicKey,
  key: SymmetricKey<NoInfer<K>>,
  kind: K,
  purpose: string,
): SealedKey {
  return sealKeyBytes(recipient, symmetricKeyKinds[kind], asSymmetricKey(kind, key), purpose);
}

/**
 * @throws CryptoError `decryption_failed` for another recipient or purpose, or changed
 *   bytes; `invalid_key` for another kind.
 */
export function openSealedKey<K extends SymmetricKeyKind>(
  recipient: BoxKeyPair,
  sealed: Uint8Array,
  kind: K,
  purpose: string,
): SymmetricKey<K> {
  return asSymmetricKey(
    kind,
    openSealedKeyBytes(recipient, sealed, symmetricKeyKinds[kind], purpose, `a ${kind} key`),
  );
}

/** Seals an X25519 secret key (a team's) to a member's public key, for one purpose (`team:<id>`). */
export function sealBoxSecretKey(
  recipient: BoxPublicKey,
  secretKey: BoxSecretKey,
  purpose: string,
): SealedKey {
  return sealKeyBytes(recipient, boxSecretKind, secretKey, purpose);
}

/**
 * Opens a sealed team secret key. With `expectedPublicKey` (always pass it when the
 * team's public key for that version is known) a key substituted by whoever could seal
 * to the member is refused.
 * @throws CryptoError `invalid_key` when the secret key does not match `expectedPublicKey`.
 */
export function openSealedBoxSecretKey(
  recipient: BoxKeyPair,
  sealed: Uint8Array,
  purpose: string,
  expectedPublicKey: BoxPublicKey | null,
): BoxKeyPair {
  const pair = boxKeyPairFromSecretKey(
    openSealedKeyBytes(recipient, sealed, boxSecretKind, purpose, 'an X25519 secret key'),
  );
  if (
    expectedPublicKey !== null &&
    !lib().memcmp(pair.publicKey, asBoxPublicKey(expectedPublicKey))
  ) {
    throw new CryptoError('invalid_key', 'the sealed secret key is not the expected key pair');
  }
  return pair;
}
