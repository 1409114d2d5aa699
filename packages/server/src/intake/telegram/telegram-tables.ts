// The Telegram channel's tables as Kysely sees them (migration 0019-telegram).

/** A chat the bot has talked in: its id sealed with the server's Telegram key. */
export interface TelegramChatTable {
  routing_index: string;
  sealed_chat_id: string;
  created_at: string;
}

/** An update already imported (decimal text: update ids outgrow 32 bits). */
export interface TelegramUpdateTable {
  update_id: string;
  seen_at: string;
}

/** A message still in a chat, with when to delete it (null: only on /clear). */
export interface TelegramMessageTable {
  routing_index: string;
  message_id: number;
  sent_at: string;
  delete_due_at: string | null;
  attempts: number;
}
