import type { Kysely } from 'kysely';

// Alarms by the channel a member chose (issue 7): Telegram. No chat id in the clear: a
// chat is known by a keyed blind index and its id is sealed with a key derived from the
// server's sealing key, which lives in the secrets file, not here. A link code is kept
// as a keyed digest only.
export async function up(db: Kysely<unknown>): Promise<void> {
  // At most one live code per account; a new one replaces it.
  await db.schema
    .createTable('alert_link_code')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('account.id'))
    .addColumn('code_digest', 'text', (c) => c.notNull().unique())
    .addColumn('language', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One chat per account and one account per chat.
  await db.schema
    .createTable('alert_telegram')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('account.id'))
    .addColumn('chat_index', 'text', (c) => c.notNull().unique())
    .addColumn('sealed_chat_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .execute();
  // Notices to send, written in the transaction that fired the rung and deleted once sent.
  await db.schema
    .createTable('alert_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('next_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_until', 'text')
    .execute();
  await db.schema.createIndex('alert_outbox_due').on('alert_outbox').columns(['next_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('alert_outbox').execute();
  await db.schema.dropTable('alert_telegram').execute();
  await db.schema.dropTable('alert_link_code').execute();
}
