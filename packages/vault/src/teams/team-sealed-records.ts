import {
  asBoxPublicKey,
  asSignPublicKey,
  decryptRecord,
  encryptRecord,
  fromBase64,
  generateSymmetricKey,
  openSealedKey,
  type SignSecretKey,
  sealKey,
  sign,
  toBase64,
  utf8,
  verify,
} from '@corridor/crypto';
import { getAccountKeysRoute } from '@corridor/protocol';
import type { ApiClient } from '../api/api-client.ts';
import type { TeamKeyring } from '../cases/case-keys.ts';
import type { DirectoryTeam } from '../cases/cases.ts';

// A team-keyed registry record (referrers, vocabularies): a fresh record key per version
// sealed to the team's current public key, the content under it, and the author's
// signature over a statement naming team, record, version and ciphertext. Each registry
// keeps its own statement and signing purpose; this is the sealing and checking they share.

/**
 * Which record a sealed key and payload belong to. Bound into both the seal's purpose and
 * the record's context, so neither can be moved onto another record or version.
 */
export interface TeamRecordAddress {
  /** The registry: `referrer`, `vocabulary`. */
  readonly registry: string;
  readonly teamId: string;
  /** The record within the team's registry: a referrer id, a vocabulary kind. */
  readonly recordId: string;
  readonly version: number;
}

/** The author's signature: the registry's own purpose, over its own statement. */
export interface TeamRecordSigning {
  readonly purpose: string;
  readonly statement: string;
}

/** A record as stored, before the signature is added. */
export interface SealedTeamRecord {
  readonly teamKeyVersion: number;
  readonly sealedKey: string;
  readonly payload: string;
}

/** Why a record gives no content: altered or planted, no key for it here, or it does not open. */
export type TeamRecordProblem = 'bad_signature' | 'no_team_key' | 'unreadable';

const sealPurpose = (at: TeamRecordAddress) =>
  `${at.registry}:${at.teamId}:${at.recordId}:v${at.version}`;
const recordContext = (at: TeamRecordAddress) => ({
  caseId: `${at.registry}:${at.teamId}:${at.recordId}`,
  kind: `${at.registry}/v${at.version}`,
});

/**
 * `content` as JSON under a fresh record key sealed to the team's current public key: a
 * member who has left the team cannot open anything written after, with no registry-wide
 * key to rotate.
 */
export function sealTeamRecord(
  team: Pick<DirectoryTeam, 'keyVersion' | 'boxPublicKey'>,
  at: TeamRecordAddress,
  content: unknown,
): SealedTeamRecord {
  const key = generateSymmetricKey('record');
  const sealedKey = toBase64(
    sealKey(asBoxPublicKey(fromBase64(team.boxPublicKey)), key, 'record', sealPurpose(at)),
  );
  const payload = toBase64(encryptRecord(key, utf8(JSON.stringify(content)), recordContext(at)));
  return { teamKeyVersion: team.keyVersion, sealedKey, payload };
}

/** The author's signature over a record statement, as stored (base64). */
export function signTeamRecord(secretKey: SignSecretKey, signing: TeamRecordSigning): string {
  return toBase64(sign(secretKey, signing.purpose, utf8(signing.statement)));
}

/**
 * Checks a record's signature against its author's key (undefined: unknown author), then
 * opens it with the team key it names. The content is parsed JSON, not yet checked.
 */
export function openTeamRecord(
  record: SealedTeamRecord & { readonly signature: string },
  at: TeamRecordAddress,
  ring: TeamKeyring,
  authorKey: Uint8Array | undefined,
  signing: TeamRecordSigning,
): { content: unknown; problem: null } | { content: null; problem: TeamRecordProblem } {
  const signed =
    authorKey !== undefined &&
    verify(
      asSignPublicKey(authorKey),
      signing.purpose,
      utf8(signing.statement),
      fromBase64(record.signature),
    );
  if (!signed) return { content: null, problem: 'bad_signature' };
  const teamKey = ring.get(at.teamId)?.get(record.teamKeyVersion);
  if (!teamKey) return { content: null, problem: 'no_team_key' };
  try {
    const key = openSealedKey(teamKey, fromBase64(record.sealedKey), 'record', sealPurpose(at));
    const plain = decryptRecord(key, fromBase64(record.payload), recordContext(at));
    return { content: JSON.parse(new TextDecoder().decode(plain)), problem: null };
  } catch {
    return { content: null, problem: 'unreadable' };
  }
}

/**
 * The signing keys of the records' authors, each asked once; undefined for an author the
 * server does not give (their records then show as `bad_signature`).
 */
export async function authorSignKeys(
  api: ApiClient,
  authorIds: Iterable<string>,
): Promise<Map<string, Uint8Array | undefined>> {
  const keys = new Map<string, Uint8Array | undefined>();
  for (const authorId of new Set(authorIds)) {
    try {
      const found = await api.call(getAccountKeysRoute, { params: { accountId: authorId } });
      keys.set(authorId, fromBase64(found.signPublicKey));
    } catch {
      keys.set(authorId, undefined);
    }
  }
  return keys;
}
