import type { Kysely } from 'kysely';

// Files that come with inbound messages (Telegram photos and documents, e-mail
// attachments): the ciphertext lives as a blob under the data directory's
// `blobs/intake/`, and this row holds the file's record (name, type, size, SHA-256 and
// its file key) sealed to the inbox key version of its message. In the clear: ids, the
// ciphertext's size, when it arrived (docs/threat-model.md, "What sizes reveal").
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intake_attachment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) =>
      c.notNull().references('intake_message.id').onDelete('cascade'),
    )
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('intake_conversation.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('intake_attachment_message')
    .on('intake_attachment')
    .columns(['message_id', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('intake_attachment').execute();
}
