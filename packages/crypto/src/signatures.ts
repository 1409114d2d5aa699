import type { Brand } from './brand.ts';
import { concatBytes, utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { type SignPublicKey, type SignSecretKey, signSecretKeyBytes } from './keys.ts';
import { lib } from './sodium.ts';

/** A detached Ed25519 signature, 64 bytes. */
export type Signature = Brand<Uint8Array, 'Signature'>;

export const signatureBytes = 64;
const purposePattern = /^[a-z0-9-]+$/;

/**
 * What is actually signed: a domain prefix naming the protocol version and purpose,
 * a zero byte, then the message. A signature made for one purpose (a case event) can
 * then never be replayed as another (a key announcement).
 */
function signedBytes(purpose: string, message: Uint8Array): Uint8Array {
  if (!purposePattern.test(purpose)) {
    throw new CryptoError('malformed', 'a purpose is lower-case letters, digits and dashes');
  }
  return concatBytes(utf8(`corridor/v1/${purpose}`), Uint8Array.of(0), message);
}

/** Signs a message for one purpose (e.g. `case-event`) with an Ed25519 secret key. */
export function sign(secretKey: SignSecretKey, purpose: string, message: Uint8Array): Signature {
  if (secretKey.length !== signSecretKeyBytes) {
    throw new CryptoError(
      'invalid_key',
      `an Ed25519 secret key must be ${signSecretKeyBytes} bytes`,
    );
  }
  return lib().crypto_sign_detached(signedBytes(purpose, message), secretKey) as Signature;
}

/** True when the signature was made by this key for this purpose over exactly this message. */
export function verify(
  publicKey: SignPublicKey,
  purpose: string,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (!purposePattern.test(purpose)) return false;
  return ed25519Verify(publicKey, signedBytes(purpose, message), signature);
}

/** Like `verify`, but throws. @throws CryptoError `invalid_signature`. */
export function assertSignature(
  publicKey: SignPublicKey,
  purpose: string,
  message: Uint8Array,
  signature: Uint8Array,
): void {
  if (!verify(publicKey, purpose, message, signature)) {
    throw new CryptoError('invalid_signature', `the ${purpose} signature does not verify`);
  }
}

/**
 * Plain Ed25519 verification (RFC 8032) of a raw message, with libsodium's strict
 * checks: non-canonical encodings, small-order keys and malleable signatures are
 * refused. Used under `verify`, and directly by the Wycheproof tests.
 */
export function ed25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (publicKey.length !== 32 || signature.length !== signatureBytes) return false;
  return lib().crypto_sign_verify_detached(signature, message, publicKey);
}
