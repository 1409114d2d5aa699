import type { Brand } from './brand.ts';
import { concatBytes } from './encoding.ts';
import { envelopeHeader, openEnvelope } from './envelope.ts';
import { CryptoError } from './errors.ts';
import { asBoxPublicKey, type BoxKeyPair, type BoxPublicKey } from './keys.ts';
import { lib } from './sodium.ts';

/** A message sealed to a public key: header ‖ ephemeral public key (32) ‖ ciphertext ‖ tag (16). */
export type SealedEnvelope = Brand<Uint8Array, 'SealedEnvelope'>;

const sealOverhead = 48; // crypto_box_SEALBYTES

/**
 * Seals bytes so that only the holder of the recipient's secret key can open them
 * (libsodium sealed box: ephemeral X25519 + XSalsa20-Poly1305). The sender keeps no way
 * to open it — the public intake writes messages the server cannot read.
 */
export function sealTo(recipient: BoxPublicKey, plaintext: Uint8Array): SealedEnvelope {
  return concatBytes(
    envelopeHeader('sealed'),
    lib().crypto_box_seal(plaintext, asBoxPublicKey(recipient)),
  ) as SealedEnvelope;
}

/**
 * Opens a sealed message with the recipient's key pair.
 * @throws CryptoError `decryption_failed` for another recipient or changed bytes.
 */
export function openSealed(recipient: BoxKeyPair, envelope: Uint8Array): Uint8Array {
  return openSealedBody(recipient, openEnvelope(envelope, 'sealed', sealOverhead));
}

/** Opens the body of a sealed box (shared with key sealing). */
export function openSealedBody(recipient: BoxKeyPair, body: Uint8Array): Uint8Array {
  try {
    return lib().crypto_box_seal_open(body, recipient.publicKey, recipient.secretKey);
  } catch {
    throw new CryptoError('decryption_failed', 'not sealed to this key, or the data was changed');
  }
}

export const sealedOverheadBytes = sealOverhead;
