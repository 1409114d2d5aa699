import type { Storage } from '../../storage/storage.ts';

type Db = Storage['db'];

/** Telegram lets a bot delete a message for 48 hours; after that a row is no use. */
export const deletableForMs = 48 * 60 * 60 * 1000;

export async function updateSeen(db: Db, updateId: number): Promise<boolean> {
  const row = await db
    .selectFrom('telegram_update')
    .select('update_id')
    .where('update_id', '=', String(updateId))
    .executeTakeFirst();
  return row !== undefined;
}

export async function sealedChatId(db: Db, routingIndex: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('telegram_chat')
    .select('sealed_chat_id')
    .where('routing_index', '=', routingIndex)
    .executeTakeFirst();
  return row?.sealed_chat_id;
}

/** Records the chat (first contact) and returns true when it was not known before. */
export async function rememberChat(
  db: Db,
  chat: { routingIndex: string; sealedChatId: string; at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('telegram_chat')
    .values({
      routing_index: chat.routingIndex,
      sealed_chat_id: chat.sealedChatId,
      created_at: chat.at,
    })
    .onConflict((oc) => oc.column('routing_index').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export interface ChatMessage {
  readonly routingIndex: string;
  readonly messageId: number;
  readonly sentAt: string;
  /** When to delete it; null keeps it until /clear. */
  readonly deleteDueAt: string | null;
}

/** Records messages in a chat (a replayed one is left as it was). */
export async function rememberMessages(db: Db, messages: readonly ChatMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto('telegram_message')
    .values(
      messages.map((m) => ({
        routing_index: m.routingIndex,
        message_id: m.messageId,
        sent_at: m.sentAt,
        delete_due_at: m.deleteDueAt,
        attempts: 0,
      })),
    )
    .onConflict((oc) => oc.columns(['routing_index', 'message_id']).doNothing())
    .execute();
}

/**
 * After a message is sealed and committed: the update is marked imported, and the
 * message is due for deletion from the chat now. One transaction, so a replay either
 * finds both or neither.
 */
export async function recordImported(
  db: Db,
  imported: { updateId: number; message: ChatMessage; at: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('telegram_update')
      .values({ update_id: String(imported.updateId), seen_at: imported.at })
      .onConflict((oc) => oc.column('update_id').doNothing())
      .execute();
    await rememberMessages(trx, [imported.message]);
  });
}

export async function dueDeletions(db: Db, now: string, limit = 100) {
  return db
    .selectFrom('telegram_message')
    .select(['routing_index', 'message_id', 'attempts'])
    .where('delete_due_at', 'is not', null)
    .where('delete_due_at', '<=', now)
    .orderBy('delete_due_at')
    .limit(limit)
    .execute();
}

export async function messagesInChat(db: Db, routingIndex: string) {
  return db
    .selectFrom('telegram_message')
    .select(['message_id', 'attempts'])
    .where('routing_index', '=', routingIndex)
    .orderBy('message_id')
    .limit(10_000)
    .execute();
}

export async function forgetMessage(db: Db, routingIndex: string, messageId: number) {
  await db
    .deleteFrom('telegram_message')
    .where('routing_index', '=', routingIndex)
    .where('message_id', '=', messageId)
    .execute();
}

export async function retryLater(
  db: Db,
  routingIndex: string,
  messageId: number,
  attempts: number,
  dueAt: string,
) {
  await db
    .updateTable('telegram_message')
    .set({ attempts, delete_due_at: dueAt })
    .where('routing_index', '=', routingIndex)
    .where('message_id', '=', messageId)
    .execute();
}

/** Drops what can no longer be deleted from Telegram or replayed by it. */
export async function pruneTelegram(db: Db, now: Date): Promise<void> {
  await db
    .deleteFrom('telegram_message')
    .where('sent_at', '<', new Date(now.getTime() - deletableForMs).toISOString())
    .execute();
  await db
    .deleteFrom('telegram_update')
    .where('seen_at', '<', new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000).toISOString())
    .execute();
}

/** Flags the conversation so the inbox warns the operator (`suspected_contact`, migration 0018). */
export async function flagSuspectedContact(db: Db, conversationId: string): Promise<void> {
  await db
    .updateTable('intake_conversation')
    .set({ suspected_contact: 1 })
    .where('id', '=', conversationId)
    .execute();
}
