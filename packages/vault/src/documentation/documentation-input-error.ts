/** Why a documentation record was refused before anything was written. */
export type DocumentationInputErrorCode =
  /** A new testimony must say what the person consented to. */
  | 'consent_required'
  /** A consent use that is not a term of `consent_uses`. */
  | 'consent_use_unknown'
  /** "Sharing with named bodies" without naming one: consent must say with whom. */
  | 'consent_body_required'
  | 'consent_expired_before_given'
  | 'date_invalid'
  | 'date_in_future'
  | 'dates_out_of_order'
  | 'unknown_term'
  | 'retired_term'
  /** A term of another vocabulary (a perpetrator type given as an act type). */
  | 'wrong_vocabulary'
  | 'act_without_victim'
  /** An event with no act coded. */
  | 'act_required'
  | 'perpetrator_type_required'
  | 'person_unknown'
  | 'act_unknown'
  | 'source_unknown'
  | 'event_unknown'
  | 'evidence_unknown'
  /** Two acts, persons or records given the same id. */
  | 'duplicate_id'
  /** More than one person marked as the one the case is about. */
  | 'case_subject_twice'
  | 'text_required'
  | 'too_large'
  | 'language_invalid'
  | 'url_invalid'
  | 'evidence_needs_file_or_url'
  /** Exporting evidence whose stored file no longer hashes to the capture hash. */
  | 'evidence_altered'
  /** A second evidence record claiming an id already captured: evidence is never rewritten. */
  | 'evidence_rewritten'
  /** A field the record's schema refuses that none of the above names. */
  | 'invalid_record';

/**
 * Thrown before anything is written. `path` names the field at fault, as the record's
 * own keys and indexes say: `acts.1.type`, `consent.uses.0`, `involvements.3.personId`.
 */
export class DocumentationInputError extends Error {
  override readonly name = 'DocumentationInputError';
  constructor(
    readonly code: DocumentationInputErrorCode,
    readonly path: string | null = null,
  ) {
    super(path === null ? code : `${code} (${path})`);
  }
}
