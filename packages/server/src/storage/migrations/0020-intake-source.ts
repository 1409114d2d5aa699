import type { Kysely } from 'kysely';

// Intake that must store each source message once (e-mail, issue 6): the blind index of
// the message's source identity (for e-mail: sender and Message-ID) is written in the
// same transaction as the sealed message, so a channel that crashed after sealing and
// before deleting the mailbox copy finds it again on restart and stores nothing twice.
// A keyed digest only: without the secrets file it tells nothing about the message.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intake_source')
    .addColumn('source_index', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('intake_conversation.id').onDelete('cascade'),
    )
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('intake_source').execute();
}
