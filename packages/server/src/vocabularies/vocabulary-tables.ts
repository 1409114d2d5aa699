import type { TeamSealedRecordRow } from '../teams/team-sealed-records.ts';

// The vocabulary store's tables as Kysely sees them (migration 0029-vocabularies), kept
// beside the feature; storage/schema.ts lists them in `Database`.

/** Which team keeps the organisation's vocabularies: at most one row (singleton 1). */
export interface VocabularySettingTable {
  singleton: number;
  /** Null: no team chosen, everyone codes against the defaults. */
  team_id: string | null;
  updated_by: string | null;
  updated_at: string;
}

/**
 * One vocabulary of a team, at its latest version: a record key sealed to the team's
 * key, the whole vocabulary encrypted under it, and its author's signature. No term.
 */
export interface VocabularyRecordTable extends TeamSealedRecordRow {
  /** One of `vocabularyKinds` (act_types, places, …): which list, not what it holds. */
  kind: string;
}
