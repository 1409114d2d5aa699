import type { Kysely } from 'kysely';

// The Telegram channel (issue 6). No chat id, username or text in the clear: a chat is
// known by its routing index (keyed blind index) and its id is sealed with a key derived
// from the server's sealing key, which lives in the secrets file, not here.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('telegram_chat')
    .addColumn('routing_index', 'text', (c) => c.primaryKey())
    .addColumn('sealed_chat_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Update ids already imported, so a replayed update stores nothing twice; pruned after a week.
  await db.schema
    .createTable('telegram_update')
    .addColumn('update_id', 'text', (c) => c.primaryKey())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();
  // Messages still in a chat, both sides, until deleted or older than Telegram lets a bot
  // delete (48 h): what the deletion queue and /clear work from.
  await db.schema
    .createTable('telegram_message')
    .addColumn('routing_index', 'text', (c) => c.notNull())
    .addColumn('message_id', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    // When to try deleting it; null: only on /clear.
    .addColumn('delete_due_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('telegram_message_pk', ['routing_index', 'message_id'])
    .execute();
  await db.schema
    .createIndex('telegram_message_due')
    .on('telegram_message')
    .columns(['delete_due_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('telegram_message').execute();
  await db.schema.dropTable('telegram_update').execute();
  await db.schema.dropTable('telegram_chat').execute();
}
