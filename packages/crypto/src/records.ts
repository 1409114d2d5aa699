import { aeadDecrypt, aeadEncrypt, aeadNonceBytes, aeadTagBytes } from './aead.ts';
import type { Brand } from './brand.ts';
import { concatBytes } from './encoding.ts';
import { associatedData, envelopeHeader, openEnvelope } from './envelope.ts';
import type { RecordKey } from './keys.ts';
import { lib } from './sodium.ts';

/** An encrypted record: header ‖ nonce (24) ‖ ciphertext ‖ tag (16). */
export type RecordEnvelope = Brand<Uint8Array, 'RecordEnvelope'>;

/**
 * Where a record belongs. Bound into the AEAD, so a record moved to another case or
 * relabelled as another kind no longer opens.
 */
export interface RecordContext {
  readonly caseId: string;
  /** What the record is: `identity`, `event`, `task`, … */
  readonly kind: string;
}

const recordAd = (context: RecordContext) =>
  associatedData('record', ['record', context.caseId, context.kind]);

/** Encrypts a record under a compartment's key with a fresh random nonce. */
export function encryptRecord(
  key: RecordKey,
  plaintext: Uint8Array,
  context: RecordContext,
): RecordEnvelope {
  const nonce = lib().randombytes_buf(aeadNonceBytes);
  const sealed = aeadEncrypt(key, nonce, plaintext, recordAd(context));
  return concatBytes(envelopeHeader('record'), nonce, sealed) as RecordEnvelope;
}

/**
 * Opens a record.
 * @throws CryptoError `decryption_failed` (wrong key, changed bytes, other case or kind),
 *   `malformed`, `unsupported_version` or `wrong_envelope_type`.
 */
export function decryptRecord(
  key: RecordKey,
  envelope: Uint8Array,
  context: RecordContext,
): Uint8Array {
  const body = openEnvelope(envelope, 'record', aeadNonceBytes + aeadTagBytes);
  return aeadDecrypt(
    key,
    body.subarray(0, aeadNonceBytes),
    body.subarray(aeadNonceBytes),
    recordAd(context),
  );
}
