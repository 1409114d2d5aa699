import { concatBytes } from './encoding.ts';
import { associatedData, type EnvelopeType, envelopeHeader, openEnvelope } from './envelope.ts';
import { CryptoError } from './errors.ts';
import { lib } from './sodium.ts';

/** XChaCha20-Poly1305 (IETF): 24-byte nonce, 16-byte tag, 32-byte key. */
export const aeadNonceBytes = 24;
export const aeadTagBytes = 16;
export const aeadKeyBytes = 32;

/**
 * The AEAD under every record and wrapped key. Internal: callers use records.ts and
 * key-wrapping.ts, which choose the nonce and bind the context. Exposed to tests so
 * the Wycheproof vectors run against exactly this code.
 * @returns ciphertext ‖ tag
 */
export function aeadEncrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  ad: Uint8Array,
): Uint8Array {
  checkSizes(key, nonce);
  return lib().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, null, nonce, key);
}

/** @throws CryptoError `decryption_failed` for any wrong key, nonce, data or tag. */
export function aeadDecrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  ad: Uint8Array,
): Uint8Array {
  checkSizes(key, nonce);
  if (ciphertext.length < aeadTagBytes)
    throw new CryptoError('decryption_failed', 'ciphertext shorter than its tag');
  try {
    return lib().crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonce, key);
  } catch {
    throw new CryptoError('decryption_failed', 'wrong key, or the data was changed');
  }
}

function checkSizes(key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== aeadKeyBytes)
    throw new CryptoError('invalid_key', `the key must be ${aeadKeyBytes} bytes`);
  if (nonce.length !== aeadNonceBytes)
    throw new CryptoError('malformed', `the nonce must be ${aeadNonceBytes} bytes`);
}

/**
 * The AEAD envelope shared by records, wrapped keys and key bundles:
 * header ‖ nonce (24, random) ‖ ciphertext ‖ tag (16), with the header and the context
 * fields bound in as associated data.
 */
export function sealAeadEnvelope(
  type: AeadEnvelopeType,
  key: Uint8Array,
  plaintext: Uint8Array,
  fields: readonly string[],
): Uint8Array {
  const nonce = lib().randombytes_buf(aeadNonceBytes);
  return concatBytes(
    envelopeHeader(type),
    nonce,
    aeadEncrypt(key, nonce, plaintext, associatedData(type, fields)),
  );
}

/**
 * @throws CryptoError `decryption_failed`, `malformed`, `unsupported_version` or `wrong_envelope_type`.
 */
export function openAeadEnvelope(
  type: AeadEnvelopeType,
  key: Uint8Array,
  envelope: Uint8Array,
  fields: readonly string[],
): Uint8Array {
  const body = openEnvelope(envelope, type, aeadNonceBytes + aeadTagBytes);
  return aeadDecrypt(
    key,
    body.subarray(0, aeadNonceBytes),
    body.subarray(aeadNonceBytes),
    associatedData(type, fields),
  );
}

type AeadEnvelopeType = Extract<EnvelopeType, 'record' | 'wrappedKey' | 'keyBundle'>;
