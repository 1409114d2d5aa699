import type { Generated } from 'kysely';

// The intake's tables as Kysely sees them (migration 0017-intake), kept beside the
// feature; storage/schema.ts lists them in `Database`.

/** The hotline inbox (one row, id `hotline`): which team answers it, and the receipt-code salt. */
export interface IntakeInboxTable {
  id: string;
  team_id: string;
  /** 16 random bytes, base64: public, the same for every code. */
  receipt_salt: string;
  /** JSON of the Argon2id setting receipt codes are stretched with. */
  receipt_kdf: string;
  updated_at: string;
}

/** One version of the inbox key pair; the secret is sealed to the team key, signed by its maker. */
export interface IntakeInboxKeyTable {
  version: number;
  box_public_key: string;
  team_id: string;
  team_key_version: number;
  sealed_secret_key: string;
  created_by: string;
  signature: string;
  created_at: string;
}

/** A conversation with one applicant over one channel; no content, no identifier. */
export interface IntakeConversationTable {
  id: string;
  channel: 'web' | 'telegram' | 'email';
  routing_index: string | null;
  receipt_lookup: string | null;
  receipt_verifier: string | null;
  reply_public_key: string | null;
  status: 'new' | 'open' | 'spam' | 'linked' | 'closed';
  case_id: string | null;
  owner_id: string | null;
  created_at: string;
  last_message_at: string;
  message_count: Generated<number>;
  /** 1 when the contact is marked as a suspected infiltrator (migration 0018); set by channels. */
  suspected_contact: Generated<number>;
}

/** A message, sealed: `body` to the inbox key, `channel_body` (outbound) for its channel. */
export interface IntakeMessageTable {
  id: string;
  conversation_id: string;
  seq: number;
  direction: 'inbound' | 'outbound';
  inbox_key_version: number;
  body: string;
  channel_body: string | null;
  author_id: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** When a member last opened a conversation: what is unread for them. */
export interface IntakeReadTable {
  conversation_id: string;
  account_id: string;
  read_at: string;
}

/** A hand-over of a conversation (and the case opened from it) to an operator or a team queue. */
export interface IntakeHandoverTable {
  id: string;
  conversation_id: string;
  from_id: string;
  to_account_id: string | null;
  to_team_id: string | null;
  case_id: string | null;
  status: 'pending' | 'accepted' | 'declined' | 'expired' | 'cancelled';
  created_at: string;
  deadline: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

/**
 * A file that came with an inbound message (migration 0021): its ciphertext is the blob
 * `blobs/intake/<id>`; `sealed` holds its name, type, size, SHA-256 and file key, sealed
 * to the inbox key version of its message.
 */
export interface IntakeAttachmentTable {
  id: string;
  message_id: string;
  conversation_id: string;
  position: number;
  sealed: string;
  /** Bytes of ciphertext (bigint on PostgreSQL: read with Number()). */
  bytes: number | string;
  created_at: string;
}
