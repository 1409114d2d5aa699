import type { Generated } from 'kysely';
import type {
  AlertLinkCodeTable,
  AlertOutboxTable,
  AlertTelegramTable,
} from '../alerts/alert-tables.ts';
import type {
  CheckinAlarmTable,
  CheckinAlertTable,
  CheckinTable,
  CheckinWordAttemptTable,
} from '../checkins/checkin-tables.ts';
import type { CaseExpenseTable, FundsSettingTable } from '../funds/funds-tables.ts';
import type { IntakeSourceTable } from '../intake/intake-source-table.ts';
import type {
  IntakeAttachmentTable,
  IntakeConversationTable,
  IntakeHandoverTable,
  IntakeInboxKeyTable,
  IntakeInboxTable,
  IntakeMessageTable,
  IntakeReadTable,
} from '../intake/intake-tables.ts';
import type {
  TelegramChatTable,
  TelegramMessageTable,
  TelegramUpdateTable,
} from '../intake/telegram/telegram-tables.ts';
import type {
  PartnerTable,
  ReferralChangeTable,
  ReferralTable,
} from '../referrals/referral-tables.ts';
import type {
  ShelterBedTable,
  ShelterPlacementTable,
  ShelterTable,
} from '../shelters/shelter-tables.ts';
import type {
  VocabularyRecordTable,
  VocabularySettingTable,
} from '../vocabularies/vocabulary-tables.ts';

/**
 * The database as Kysely sees it. Only what `docs/threat-model.md` lets the server
 * know is stored in the clear; everything else arrives and stays ciphertext.
 *
 * Times are ISO-8601 UTC strings (`2026-11-25T12:00:00.000Z`) on both databases, so
 * the same queries compare and sort them the same way on SQLite and PostgreSQL.
 */
export interface Database {
  organisation: OrganisationTable;
  account: AccountTable;
  account_role: AccountRoleTable;
  invitation: InvitationTable;
  backup_code: BackupCodeTable;
  login_attempt: LoginAttemptTable;
  session: SessionTable;
  team: TeamTable;
  team_member: TeamMemberTable;
  team_key_grant: TeamKeyGrantTable;
  team_key_chain: TeamKeyChainTable;
  recovery_attempt: RecoveryAttemptTable;
  webauthn_credential: WebAuthnCredentialTable;
  webauthn_enrolment: WebAuthnEnrolmentTable;
  case_file: CaseFileTable;
  case_compartment_key: CaseCompartmentKeyTable;
  case_access: CaseAccessTable;
  case_event: CaseEventTable;
  audit_entry: AuditEntryTable;
  case_task: CaseTaskTable;
  case_blob: CaseBlobTable;
  case_mention: CaseMentionTable;
  verified_heads: VerifiedHeadsTable;
  referrer: ReferrerTable;
  infiltrator_mark: InfiltratorMarkTable;
  intake_inbox: IntakeInboxTable;
  intake_inbox_key: IntakeInboxKeyTable;
  intake_conversation: IntakeConversationTable;
  intake_message: IntakeMessageTable;
  intake_read: IntakeReadTable;
  intake_handover: IntakeHandoverTable;
  telegram_chat: TelegramChatTable;
  telegram_update: TelegramUpdateTable;
  telegram_message: TelegramMessageTable;
  intake_source: IntakeSourceTable;
  intake_attachment: IntakeAttachmentTable;
  shelter: ShelterTable;
  shelter_bed: ShelterBedTable;
  shelter_placement: ShelterPlacementTable;
  case_expense: CaseExpenseTable;
  funds_setting: FundsSettingTable;
  checkin: CheckinTable;
  checkin_alarm: CheckinAlarmTable;
  checkin_alert: CheckinAlertTable;
  checkin_word_attempt: CheckinWordAttemptTable;
  alert_link_code: AlertLinkCodeTable;
  alert_telegram: AlertTelegramTable;
  alert_outbox: AlertOutboxTable;
  partner: PartnerTable;
  referral: ReferralTable;
  referral_change: ReferralChangeTable;
  vocabulary_setting: VocabularySettingTable;
  vocabulary_record: VocabularyRecordTable;
}

export interface OrganisationTable {
  /** Random id of this installation. */
  id: string;
  /** Always 1; unique, so there is one row. */
  singleton: Generated<number>;
  created_at: string;
  /** 1 for the demo organisation `npm start` makes; production refuses to run on it. */
  demo: Generated<number>;
}

/** A staff member. Keys are public or wrapped; the TOTP secret is sealed with the server key. */
export interface AccountTable {
  id: string;
  /** A pseudonym chosen at sign-up. */
  handle: string;
  status: 'active' | 'disabled';
  created_at: string;
  /** OPAQUE registration record: no password, nothing to guess it from without the OPRF key. */
  opaque_record: string;
  /** JSON of the Argon2id setting the client used (PasswordStretching). */
  password_stretching: string;
  box_public_key: string;
  sign_public_key: string;
  /** Private keys wrapped under the key from the OPAQUE export key (base64 envelope). */
  wrapped_keys: string;
  /** The same, wrapped under the recovery code's key. */
  recovery_wrapped_keys: string;
  totp_secret_sealed: string;
  /** The RFC 6238 step of the last accepted code: a code is accepted once. */
  totp_last_step: number | null;
}

export interface AccountRoleTable {
  account_id: string;
  role: string;
}

export interface InvitationTable {
  /** BLAKE2b of the token; the token itself is shown once to the administrator. */
  token_digest: string;
  /** JSON array of roles. */
  roles: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  account_id: string | null;
  handle: string | null;
  totp_secret_sealed: string | null;
  used_at: string | null;
}

export interface BackupCodeTable {
  code_digest: string;
  account_id: string;
  used_at: string | null;
}

export interface LoginAttemptTable {
  /** BLAKE2b of the attempt id the client holds. */
  id_digest: string;
  handle: string;
  /** Null for an unknown handle: the attempt runs on OPAQUE's fake record and fails. */
  account_id: string | null;
  /** OPAQUE's server login state, sealed with the server key. */
  server_state_sealed: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** The challenge a security key signs to finish this login (random, not secret). */
  webauthn_challenge: Generated<string>;
}

export interface SessionTable {
  id: string;
  /** BLAKE2b of the bearer token. */
  token_digest: string;
  account_id: string;
  device_label: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** The last time the password was proved on this session (login or unlock). */
  authenticated_at: string;
}

/** A team: its name, membership and public key are server knowledge; its secret key is not. */
export interface TeamTable {
  id: string;
  name: string;
  key_version: Generated<number>;
  box_public_key: string | null;
  created_by: string;
  created_at: string;
}

export interface TeamMemberTable {
  team_id: string;
  account_id: string;
  added_at: string;
}

/** A team secret key of one version, sealed to one member and signed by who granted it. */
export interface TeamKeyGrantTable {
  team_id: string;
  account_id: string;
  key_version: number;
  sealed_key: string;
  granted_by: string;
  signature: string;
}

export interface TeamKeyChainTable {
  team_id: string;
  key_version: number;
  sealed_key: string;
}

/** A member restoring access with their recovery code after losing the password. */
export interface RecoveryAttemptTable {
  id_digest: string;
  account_id: string;
  challenge: string;
  created_at: string;
  expires_at: string;
  /** Set once the member has signed the challenge with their own key. */
  verified_at: string | null;
}

/** A member's security key or passkey: its public key and signature counter, nothing secret. */
export interface WebAuthnCredentialTable {
  /** The credential id, URL-safe base64. */
  id: string;
  account_id: string;
  /** COSE public key, URL-safe base64. */
  public_key: string;
  /** Signature counter last seen; bigint on PostgreSQL (a counter may pass 2^31). */
  counter: number | string;
  /** JSON array of transports the browser reported (usb, nfc, internal…). */
  transports: string;
  /** The member's own name for the key. */
  label: string;
  created_at: string;
  last_used_at: string | null;
}

/** The challenge of an enrolment in progress, one per session. */
export interface WebAuthnEnrolmentTable {
  session_id: string;
  challenge: string;
  expires_at: string;
}

/** A case: only its workflow is server knowledge; everything about the person is in events. */
export interface CaseFileTable {
  id: string;
  stage: string;
  closed_reason: string | null;
  assignee_id: string | null;
  risk_level: number;
  /** The seq of the last event: a write must name it. */
  version: number;
  /** Digest of the last event's statement: the next event's prev_hash. */
  last_hash: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** The verification outcome (protocol `verificationOutcomes`). */
  verification: Generated<string>;
  /** The pending proposal of `verified`: its event's seq and author. */
  verification_proposal_seq: number | null;
  verification_proposed_by: string | null;
  /** The `verification.overridden` event in force, if any. */
  verification_override_seq: number | null;
}

/** Each version of a compartment's key; older ones wrapped under the next (the chain). */
export interface CaseCompartmentKeyTable {
  case_id: string;
  compartment: string;
  key_version: number;
  previous_key_wrapped: string | null;
  created_at: string;
}

/** Which team holds which compartment now: its current key sealed to the team. */
export interface CaseAccessTable {
  case_id: string;
  compartment: string;
  team_id: string;
  key_version: number;
  team_key_version: number;
  sealed_key: string;
  granted_by: string;
  granted_at: string;
}

/** One signed event: header in the clear, payload as a record envelope. */
export interface CaseEventTable {
  case_id: string;
  seq: number;
  compartment: string;
  key_version: number;
  kind: string;
  author_id: string;
  created_at: string;
  payload: string;
  payload_digest: string;
  prev_hash: string;
  signature: string;
  /** JSON of the workflow change the event set, or null. */
  workflow: string | null;
  /** JSON of the task change (`task.added`, `task.done`), or null. */
  task: string | null;
  /** JSON of the key ids a key-bringing event commits to, or null. */
  key_ids: string | null;
  /** JSON of the account ids a `note.added` event mentions (signed with it), or null. */
  mentions: string | null;
  /** JSON of the verification step a `verification.*` event takes (signed with it), or null. */
  verification: string | null;
  /** JSON of the check-in or expense step an operation event takes (signed with it), or null. */
  operation: string | null;
}

/** A task: when it is due and who does it are server knowledge; what it is, is not. */
export interface CaseTaskTable {
  id: string;
  case_id: string;
  due_at: string;
  assignee_id: string | null;
  created_by: string;
  created_at: string;
  done_at: string | null;
  done_by: string | null;
}

/**
 * A member mentioned in a note: whom, where (case, event and its compartment), by whom,
 * when, and when they marked it read. Listed only while their teams hold the compartment.
 */
export interface CaseMentionTable {
  account_id: string;
  case_id: string;
  seq: number;
  compartment: string;
  author_id: string;
  created_at: string;
  read_at: string | null;
}

/**
 * A member's signed verified heads (protocol `verified-heads`): stored as sent, one row a
 * member; only the member's browser checks the signature and uses it.
 */
export interface VerifiedHeadsTable {
  account_id: string;
  statement: string;
  signature: string;
  saved_at: string;
}

/**
 * One referrer in a team's registry, at its latest version: a record key sealed to the
 * team's key, the record under it, and its author's signature. Opaque to the server.
 */
export interface ReferrerTable {
  team_id: string;
  id: string;
  version: number;
  team_key_version: number;
  sealed_key: string;
  payload: string;
  signature: string;
  author_id: string;
  created_at: string;
  updated_at: string;
}

/** A contact suspected of infiltrating, by the blind index of its channel identifier. */
export interface InfiltratorMarkTable {
  blind_index: string;
  case_id: string;
  marked_by: string;
  marked_at: string;
}

/** Who did what kind of thing to which case, when — never content (ASVS 16.3.2). */
export interface AuditEntryTable {
  id: string;
  account_id: string;
  action: string;
  case_id: string | null;
  at: string;
  /**
   * For access changes: `grant|revoke|rekey <compartment> <team id>`; for `case.refused`:
   * the action refused. Never content.
   */
  detail: string | null;
}

/**
 * An attachment's encrypted bytes on disk (`blobs/<case>/<id>`): only its case, uploader,
 * size and state are server knowledge. `uploading` until finished (in `blobs/tmp/`),
 * `stored` once durable, `attached` once an `attachment.added` event (`event_seq`) names
 * it; the purge marks uploads left idle and blobs never attached `purging`, removes
 * their files, then the row.
 */
export interface CaseBlobTable {
  id: string;
  case_id: string;
  uploaded_by: string;
  status: 'uploading' | 'stored' | 'attached' | 'purging';
  /** The most bytes the upload declared it would bring. bigint: a string on PostgreSQL. */
  max_bytes: number | string;
  /** Bytes received so far; the blob's size once stored. bigint: a string on PostgreSQL. */
  size: Generated<number | string>;
  event_seq: number | null;
  created_at: string;
  /** The last chunk (or the start): an upload idle too long is removed. */
  touched_at: string;
  finished_at: string | null;
}
