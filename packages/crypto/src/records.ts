import { openAeadEnvelope, sealAeadEnvelope } from './aead.ts';
import type { Brand } from './brand.ts';
import type { RecordKey } from './keys.ts';

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

const recordFields = (context: RecordContext) => ['record', context.caseId, context.kind];

/** Encrypts a record under a compartment's key with a fresh random nonce. */
export function encryptRecord(
  key: RecordKey,
  plaintext: Uint8Array,
  context: RecordContext,
): RecordEnvelope {
  return sealAeadEnvelope('record', key, plaintext, recordFields(context)) as RecordEnvelope;
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
  return openAeadEnvelope('record', key, envelope, recordFields(context));
}
