import { concatBytes, utf8 } from './encoding.ts';
import { CryptoError } from './errors.ts';

/**
 * Every ciphertext Corridor stores starts with two bytes: the envelope version and
 * the envelope type. A reader refuses versions it does not know rather than guess, and
 * the header is bound into the authenticated data, so changing it breaks the tag.
 * The layout of each type is in docs/protocol/v1.md.
 */
export const envelopeVersion = 1;

export const envelopeTypes = {
  record: 0x01,
  sealed: 0x02,
  wrappedKey: 0x03,
  sealedKey: 0x04,
  fileStream: 0x05,
  keyBundle: 0x06,
} as const;

export type EnvelopeType = keyof typeof envelopeTypes;

export const headerBytes = 2;

export function envelopeHeader(type: EnvelopeType): Uint8Array {
  return Uint8Array.of(envelopeVersion, envelopeTypes[type]);
}

/**
 * Checks an envelope's header and returns its body.
 * @throws CryptoError `malformed` if shorter than `minBody` after the header,
 *   `unsupported_version` or `wrong_envelope_type` for another header.
 */
export function openEnvelope(
  envelope: Uint8Array,
  type: EnvelopeType,
  minBody: number,
): Uint8Array {
  if (!(envelope instanceof Uint8Array) || envelope.length < headerBytes + minBody) {
    throw new CryptoError('malformed', `too short for a ${type} envelope`);
  }
  if (envelope[0] !== envelopeVersion) {
    throw new CryptoError(
      'unsupported_version',
      `envelope version ${envelope[0]} is not supported`,
    );
  }
  if (envelope[1] !== envelopeTypes[type]) {
    throw new CryptoError('wrong_envelope_type', `expected a ${type} envelope`);
  }
  return envelope.subarray(headerBytes);
}

/**
 * Associated data: the envelope header, then each context field as a 4-byte big-endian
 * length and its UTF-8 bytes. Length prefixes keep ("ab","c") and ("a","bc") apart.
 */
export function associatedData(type: EnvelopeType, fields: readonly string[]): Uint8Array {
  const parts: Uint8Array[] = [envelopeHeader(type)];
  for (const field of fields) {
    const bytes = utf8(field);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes.length);
    parts.push(length, bytes);
  }
  return concatBytes(...parts);
}
