import { contentDigest } from './content-digest.ts';
import { type Base64, toBase64, utf8 } from './encoding.ts';

/** The digest of an event payload (its record envelope) that the signed statement names. */
export function casePayloadDigest(payload: Uint8Array): Base64 {
  return toBase64(contentDigest('case-payload', payload));
}

/** The link to an event: the digest of its signed statement, named by the next event. */
export function caseEventDigest(statement: string): Base64 {
  return toBase64(contentDigest('case-event', utf8(statement)));
}

/** What the first event of a case names as its previous one. */
export function caseGenesisDigest(caseId: string): Base64 {
  return toBase64(contentDigest('case-genesis', utf8(caseId)));
}
