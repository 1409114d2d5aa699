// Member alert tables as Kysely sees them (migration 0027-member-alerts), kept beside the
// feature; storage/schema.ts lists them in `Database`.

/** A one-time Telegram link code: its keyed digest, never the code. */
export interface AlertLinkCodeTable {
  account_id: string;
  code_digest: string;
  /** The staff app's language when the code was asked for ('en' | 'ru'); null: both. */
  language: string | null;
  expires_at: string;
  created_at: string;
}

/** A member's chat with the bot: a keyed blind index of the chat id, and the id sealed. */
export interface AlertTelegramTable {
  account_id: string;
  chat_index: string;
  sealed_chat_id: string;
  language: string | null;
  linked_at: string;
}

/** A notice waiting to be sent; claimed by a conditional update of `claimed_until`. */
export interface AlertOutboxTable {
  id: string;
  account_id: string;
  created_at: string;
  next_at: string;
  attempts: number;
  claimed_until: string | null;
}
