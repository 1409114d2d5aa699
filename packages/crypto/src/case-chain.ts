import { digestPrefix, digestWithPrefix } from './content-digest.ts';
import { type Base64, toBase64, utf8 } from './encoding.ts';

// The prefixes of contentDigest('case-payload' | 'case-event' | 'case-genesis', …), made
// once: unlock digests every event of a caseload twice.
const payloadPrefix = digestPrefix('case-payload');
const eventPrefix = digestPrefix('case-event');
const genesisPrefix = digestPrefix('case-genesis');
const keyIdPrefix = digestPrefix('case-key-id');

/** The digest of an event payload (its record envelope) that the signed statement names. */
export function casePayloadDigest(payload: Uint8Array): Base64 {
  return toBase64(digestWithPrefix(payloadPrefix, payload));
}

/** The link to an event: the digest of its signed statement, named by the next event. */
export function caseEventDigest(statement: string): Base64 {
  return toBase64(digestWithPrefix(eventPrefix, utf8(statement)));
}

/** What the first event of a case names as its previous one. */
export function caseGenesisDigest(caseId: string): Base64 {
  return toBase64(digestWithPrefix(genesisPrefix, utf8(caseId)));
}

/**
 * A compartment key's id, which signed events commit to: BLAKE2b-256 of the 32-byte
 * key for purpose `case-key-id`. It names the key without revealing it.
 */
export function caseKeyId(key: Uint8Array): Base64 {
  return toBase64(digestWithPrefix(keyIdPrefix, key));
}
