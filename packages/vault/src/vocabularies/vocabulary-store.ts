import {
  defaultVocabularies,
  getVocabularySettingRoute,
  listVocabularyRecordsRoute,
  type MergeRefusalCode,
  maxVocabularyPayloadChars,
  mergeVocabulary,
  putVocabularyRecordRoute,
  putVocabularyTeamRoute,
  teamDirectoryRoute,
  type Vocabulary,
  type VocabularyEdit,
  type VocabularyKind,
  type VocabularyRecord,
  VocabularySchema,
  type VocabularySetting,
  vocabularyKinds,
  vocabularyRecordStatement,
} from '@corridor/protocol';
import type { ApiClient } from '../api/api-client.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring, type TeamKeyring } from '../cases/case-keys.ts';
import type { DirectoryTeam } from '../cases/cases.ts';
import type { Vocabularies } from '../documentation/vocabularies.ts';
import {
  authorSignKeys,
  openTeamRecord,
  sealTeamRecord,
  signTeamRecord,
  type TeamRecordAddress,
} from '../teams/team-sealed-records.ts';

// The organisation's vocabularies, stored as one encrypted, signed, versioned record per
// kind, sealed to the vocabulary team's key (docs/decisions/0052-vocabularies-stored-encrypted.md).
// The shape of the referrers registry, sealed and checked by teams/team-sealed-records.ts:
// a fresh record key per version sealed to the team's current public key, the author's
// signature over team, kind, version and ciphertext.

/** Why a stored record was not used (the default, or nothing newer, is used instead). */
export type VocabularyRecordProblem =
  /** Not signed by its author over this team, kind and version: planted or altered. */
  | 'bad_signature'
  /** Signed, but it does not open with the team key it names. */
  | 'unreadable'
  /** Opens, but is not a valid vocabulary of its kind, or lost a term the defaults hold. */
  | 'invalid';

/** One vocabulary as the member's browser holds it. */
export interface StoredVocabulary {
  readonly kind: VocabularyKind;
  /** What coding uses: the stored record's vocabulary, or the default when none is usable. */
  readonly vocabulary: Vocabulary;
  /** The stored record's version (0: none stored, the default). What the next save replaces. */
  readonly recordVersion: number;
  readonly authorId: string | null;
  readonly updatedAt: string | null;
  /** Why the stored record is not used; null when it is (or there is none). */
  readonly problem: VocabularyRecordProblem | null;
}

export interface VocabularyStore {
  /** The vocabulary team, or null while the administrator has chosen none. */
  readonly teamId: string | null;
  /**
   * Whether this member reads the team's records. Anyone outside the team codes against
   * the defaults: codes stay ids, and reports warn of terms they do not know.
   */
  readonly member: boolean;
  readonly vocabularies: Readonly<Record<VocabularyKind, StoredVocabulary>>;
}

export type VocabularyInputErrorCode =
  | MergeRefusalCode
  /** The merged vocabulary is too large to store. */
  | 'too_large'
  /** No vocabulary team is chosen: ask an administrator. */
  | 'no_vocabulary_team'
  /** This member is not in the vocabulary team (or lacks its key). */
  | 'not_in_vocabulary_team'
  /** The stored record does not check out; saving over it needs `overProblem`. */
  | 'record_has_problem'
  /** The vocabulary changed since the member saw it (another member saved). */
  | 'conflict';

/** A save refused before anything was sent: the merge's refusal, or why it cannot be stored. */
export class VocabularyInputError extends Error {
  override readonly name = 'VocabularyInputError';
  constructor(
    readonly code: VocabularyInputErrorCode,
    /** The term the refusal is about, or '' when it is about the whole vocabulary. */
    readonly termId = '',
    /** Which edit was refused (merge refusals), or -1. */
    readonly editIndex = -1,
  ) {
    super(termId ? `${code}: ${termId}` : code);
  }
}

const address = (teamId: string, kind: string, version: number): TeamRecordAddress => ({
  registry: 'vocabulary',
  teamId,
  recordId: kind,
  version,
});

/** Which team keeps the vocabularies; every member may ask. */
export async function vocabularySetting(api: ApiClient): Promise<VocabularySetting> {
  return api.call(getVocabularySettingRoute);
}

/**
 * Chooses the vocabulary team (administrators only; the server asks for a recent
 * password). Null chooses none: everyone codes against the defaults again.
 */
export async function setVocabularyTeam(
  api: ApiClient,
  teamId: string | null,
): Promise<VocabularySetting> {
  return api.call(putVocabularyTeamRoute, { body: { teamId } });
}

/**
 * Checks and opens one record: the author's signature over team, kind, version and
 * ciphertext, then the sealed key with the team key it names, then the vocabulary itself
 * (`VocabularySchema`, the right kind, every default term still there — terms are
 * retired, never removed, so codes made years ago keep resolving).
 */
export function openVocabularyRecord(
  record: VocabularyRecord,
  ring: TeamKeyring,
  authorKey: Uint8Array | undefined,
):
  | { vocabulary: Vocabulary; problem: null }
  | { vocabulary: null; problem: VocabularyRecordProblem } {
  const opened = openTeamRecord(
    record,
    address(record.teamId, record.kind, record.version),
    ring,
    authorKey,
    {
      purpose: 'vocabulary-record',
      statement: vocabularyRecordStatement(record.teamId, record.kind, record.version, record),
    },
  );
  // A record this member holds no key for is as good as unreadable: the default is used.
  if (opened.problem === 'no_team_key') return { vocabulary: null, problem: 'unreadable' };
  if (opened.problem !== null) return { vocabulary: null, problem: opened.problem };
  const parsed = VocabularySchema.safeParse(opened.content);
  if (!parsed.success || parsed.data.id !== record.kind) {
    return { vocabulary: null, problem: 'invalid' };
  }
  const ids = new Set(parsed.data.terms.map((term) => term.id));
  if (defaultVocabularies[record.kind].terms.some((term) => !ids.has(term.id))) {
    return { vocabulary: null, problem: 'invalid' };
  }
  return { vocabulary: parsed.data, problem: null };
}

const defaultsOnly = (teamId: string | null, member: boolean): VocabularyStore => ({
  teamId,
  member,
  vocabularies: Object.fromEntries(
    vocabularyKinds.map((kind) => [
      kind,
      {
        kind,
        vocabulary: defaultVocabularies[kind],
        recordVersion: 0,
        authorId: null,
        updatedAt: null,
        problem: null,
      },
    ]),
  ) as Record<VocabularyKind, StoredVocabulary>,
});

/**
 * The vocabularies as this member may read them: the vocabulary team's stored records,
 * each checked, over the defaults. A member outside the team (or with no team chosen)
 * gets the defaults without asking the server for records it would refuse.
 */
export async function loadVocabularyStore(
  session: MemberSession,
  ring?: TeamKeyring,
): Promise<VocabularyStore> {
  const { teamId } = await vocabularySetting(session.api);
  if (teamId === null) return defaultsOnly(null, false);
  const keyring = ring ?? (await loadTeamKeyring(session));
  if (!keyring.has(teamId)) return defaultsOnly(teamId, false);
  const { records } = await session.api.call(listVocabularyRecordsRoute, { params: { teamId } });
  const keys = await authorSignKeys(
    session.api,
    records.map((r) => r.authorId),
  );
  const store = defaultsOnly(teamId, true);
  const vocabularies = { ...store.vocabularies };
  for (const record of records) {
    if (record.teamId !== teamId) continue;
    const opened = openVocabularyRecord(record, keyring, keys.get(record.authorId));
    vocabularies[record.kind] = {
      kind: record.kind,
      vocabulary: opened.vocabulary ?? defaultVocabularies[record.kind],
      recordVersion: record.version,
      authorId: record.authorId,
      updatedAt: record.updatedAt,
      problem: opened.problem,
    };
  }
  return { teamId, member: true, vocabularies };
}

/**
 * Every vocabulary coding uses: the defaults merged with the stored records this member
 * can read. A record that does not check out is ignored (see `loadVocabularyStore` for
 * its problem), never used.
 */
export async function loadVocabularies(session: MemberSession): Promise<Vocabularies> {
  const store = await loadVocabularyStore(session);
  return Object.fromEntries(
    vocabularyKinds.map((kind) => [kind, store.vocabularies[kind].vocabulary]),
  ) as Record<VocabularyKind, Vocabulary>;
}

/**
 * A vocabulary as the next version of its record: a fresh record key sealed to the team's
 * current public key (a member who has left cannot open anything written after, with no
 * registry-wide key to rotate), the vocabulary under it, and the member's signature.
 * @throws VocabularyInputError `too_large` when it would not fit the server's bound
 */
export function sealVocabularyRecord(
  session: Pick<MemberSession, 'keys'>,
  team: Pick<DirectoryTeam, 'id' | 'keyVersion' | 'boxPublicKey'>,
  kind: VocabularyKind,
  version: number,
  vocabulary: Vocabulary,
): { teamKeyVersion: number; sealedKey: string; payload: string; signature: string } {
  const record = sealTeamRecord(team, address(team.id, kind, version), vocabulary);
  if (record.payload.length > maxVocabularyPayloadChars) {
    throw new VocabularyInputError('too_large');
  }
  const signature = signTeamRecord(session.keys.sign.secretKey, {
    purpose: 'vocabulary-record',
    statement: vocabularyRecordStatement(team.id, kind, version, record),
  });
  return { ...record, signature };
}

export interface SaveVocabularyOptions {
  /**
   * The record version the member's edits were made against (`recordVersion` as shown);
   * if another member saved since, the save is refused with `conflict` rather than
   * applying the edits to a vocabulary the member has not seen.
   */
  readonly expectedVersion?: number;
  /**
   * Save over a stored record that does not check out, starting again from the default.
   * Without it such a save is refused (`record_has_problem`), so edits never vanish silently.
   */
  readonly overProblem?: boolean;
}

/**
 * Applies `edits` to the vocabulary team's current `kind` (the stored record, or the
 * default) with `mergeVocabulary`, all or nothing, and stores the result as the record's
 * next version: sealed to the team's current key, signed by this member. A refused edit
 * throws `VocabularyInputError` with the merge's code, term and edit index before
 * anything is sent. The server refuses members without `documentation` (`forbidden`),
 * anyone outside the team (`not_found`) and a stale version (`conflict`).
 * @returns the new record version and the vocabulary as stored
 */
export async function saveVocabulary(
  session: MemberSession,
  kind: VocabularyKind,
  edits: readonly VocabularyEdit[],
  options: SaveVocabularyOptions = {},
): Promise<{ version: number; vocabulary: Vocabulary }> {
  const ring = await loadTeamKeyring(session);
  const store = await loadVocabularyStore(session, ring);
  if (store.teamId === null) throw new VocabularyInputError('no_vocabulary_team');
  if (!store.member) throw new VocabularyInputError('not_in_vocabulary_team');
  const current = store.vocabularies[kind];
  if (options.expectedVersion !== undefined && options.expectedVersion !== current.recordVersion) {
    throw new VocabularyInputError('conflict');
  }
  if (current.problem !== null && !options.overProblem) {
    throw new VocabularyInputError('record_has_problem');
  }
  const merged = mergeVocabulary(current.vocabulary, edits);
  if (!merged.ok) throw new VocabularyInputError(merged.code, merged.termId, merged.editIndex);

  const { teams } = await session.api.call(teamDirectoryRoute);
  const team = teams.find((t) => t.id === store.teamId);
  if (!team) throw new VocabularyInputError('not_in_vocabulary_team');
  const record = sealVocabularyRecord(
    session,
    team,
    kind,
    current.recordVersion + 1,
    merged.vocabulary,
  );
  const saved = await session.api.call(putVocabularyRecordRoute, {
    params: { teamId: team.id, kind },
    body: { expectedVersion: current.recordVersion, ...record },
  });
  return { version: saved.version, vocabulary: merged.vocabulary };
}
