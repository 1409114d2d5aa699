import { utf8 } from './encoding.ts';
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
  /** A file locked with a password (Argon2id), for a partner without a key pair. */
  passwordSealed: 0x10,
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
  // Written straight into one buffer: every record opened builds one, and joining
  // separate parts cost more than the AEAD of a short record.
  const encoded: Uint8Array[] = [];
  let size = headerBytes;
  for (const field of fields) {
    const bytes = utf8(field);
    encoded.push(bytes);
    size += 4 + bytes.length;
  }
  const out = new Uint8Array(size);
  out[0] = envelopeVersion;
  out[1] = envelopeTypes[type];
  let offset = headerBytes;
  for (const bytes of encoded) {
    out[offset] = bytes.length >>> 24;
    out[offset + 1] = bytes.length >>> 16;
    out[offset + 2] = bytes.length >>> 8;
    out[offset + 3] = bytes.length;
    out.set(bytes, offset + 4);
    offset += 4 + bytes.length;
  }
  return out;
}
