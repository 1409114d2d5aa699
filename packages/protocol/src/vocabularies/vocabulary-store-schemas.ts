import { z } from 'zod';
import { base64Url } from '../common/base64-url.ts';
import { VocabularyKindSchema, vocabularyKinds } from '../documentation/vocabulary.ts';

// The organisation's edited vocabularies, stored as encrypted, signed records sealed to
// the vocabulary team's key (docs/decisions/0052-vocabularies-stored-encrypted.md). Place
// terms may name real places, so the server holds team ids, kinds, versions and
// ciphertext only: never a term or a label.

const id = z.string().min(1).max(64);
/** A record key sealed to the team's public key (docs/protocol/v1.md, sealed key). */
const sealedKey = base64Url(200);
/**
 * A whole vocabulary, encrypted. 2,000 terms with both labels fit in about 300 KB of
 * JSON; the bound keeps a request well inside the staff listener's 1 MiB body limit.
 */
export const maxVocabularyPayloadChars = 700_000;

/** Which team's members keep the vocabularies: an organisation setting the server may know. */
export const VocabularySettingSchema = z.object({
  /** Null while no team is chosen: everyone codes against the defaults. */
  teamId: id.nullable(),
  /** Who chose it and when; null while never set. */
  updatedBy: id.nullable(),
  updatedAt: z.iso.datetime().nullable(),
});
export type VocabularySetting = z.infer<typeof VocabularySettingSchema>;

/** The administrator's choice of vocabulary team (null: none, back to the defaults). */
export const PutVocabularyTeamBody = z.object({ teamId: id.nullable() });

export const VocabularyTeamParams = z.object({ teamId: id });
export const VocabularyRecordParams = z.object({ teamId: id, kind: VocabularyKindSchema });

/**
 * A new version of one vocabulary: a fresh record key sealed to the team's current key,
 * the whole vocabulary under it, signed by its author over `vocabularyRecordStatement`.
 */
export const PutVocabularyRecordBody = z.object({
  /** The version replaced; 0 for the first record of this kind. A stale one gets `conflict`. */
  expectedVersion: z.number().int().min(0),
  teamKeyVersion: z.number().int().min(1),
  sealedKey,
  /** Record envelope under the sealed key, bound to team, kind and version. */
  payload: base64Url(maxVocabularyPayloadChars),
  /** Ed25519 by the author, purpose `vocabulary-record`, over `vocabularyRecordStatement`. */
  signature: base64Url(86).min(86),
});

export const VocabularyRecordSchema = z
  .object({
    teamId: id,
    kind: VocabularyKindSchema,
    version: z.number().int().min(1),
    teamKeyVersion: z.number().int().min(1),
    sealedKey,
    payload: base64Url(maxVocabularyPayloadChars),
    signature: base64Url(86).min(86),
    authorId: id,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'VocabularyRecord' });
export type VocabularyRecord = z.infer<typeof VocabularyRecordSchema>;

export const VocabularyRecordList = z.object({
  records: z.array(VocabularyRecordSchema).max(vocabularyKinds.length),
});
export const VocabularyRecordSaved = z.object({ version: z.number().int().min(1) });

/**
 * The text a vocabulary record's author signs (purpose `vocabulary-record`): which team,
 * which vocabulary, which version, the sealed key and the ciphertext — so the server can
 * neither plant a vocabulary of its own (anyone can seal to a team's public key) nor move
 * one kind's record onto another (places onto act types).
 */
export const vocabularyRecordStatement = (
  teamId: string,
  kind: string,
  version: number,
  record: { teamKeyVersion: number; sealedKey: string; payload: string },
): string =>
  JSON.stringify([
    'vocabulary-record',
    teamId,
    kind,
    version,
    record.teamKeyVersion,
    record.sealedKey,
    record.payload,
  ]);
