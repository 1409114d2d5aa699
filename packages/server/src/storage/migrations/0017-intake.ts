import type { Kysely } from 'kysely';

// The hotline inbox (issue 6). Everything an applicant writes is sealed to the inbox's
// public key before it reaches these tables; the server keeps channel, status, times
// and counts, and for the web channel only a lookup value and verifier of the receipt
// code, never the code.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intake_inbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('team.id'))
    // Argon2id salt and setting for receipt codes: one per organisation, so the server
    // can find a conversation from the code alone (docs/protocol/v1.md).
    .addColumn('receipt_salt', 'text', (c) => c.notNull())
    .addColumn('receipt_kdf', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('intake_inbox_key')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('box_public_key', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull().references('team.id'))
    .addColumn('team_key_version', 'integer', (c) => c.notNull())
    .addColumn('sealed_secret_key', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('intake_conversation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    // Keyed blind index of the channel identifier (chat id, address); null for the web.
    .addColumn('routing_index', 'text')
    // Web: BLAKE2b of the code's access key (to find the row) and its verifier (compared
    // in constant time), both useless without the code.
    .addColumn('receipt_lookup', 'text', (c) => c.unique())
    .addColumn('receipt_verifier', 'text')
    .addColumn('reply_public_key', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('case_file.id').onDelete('set null'))
    .addColumn('owner_id', 'text', (c) => c.references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_message_at', 'text', (c) => c.notNull())
    .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('intake_conversation_route', ['channel', 'routing_index'])
    .execute();
  await db.schema
    .createIndex('intake_conversation_recent')
    .on('intake_conversation')
    .columns(['last_message_at'])
    .execute();
  await db.schema
    .createTable('intake_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('intake_conversation.id').onDelete('cascade'),
    )
    // Order within the conversation: the conversation's message count after this one.
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('inbox_key_version', 'integer', (c) => c.notNull())
    // Sealed to the inbox key: the team's copy.
    .addColumn('body', 'text', (c) => c.notNull())
    // Outbound only: sealed for the channel to deliver (web: to the receipt code's key).
    .addColumn('channel_body', 'text')
    .addColumn('author_id', 'text', (c) => c.references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema
    .createIndex('intake_message_conversation')
    .on('intake_message')
    .columns(['conversation_id', 'seq'])
    .unique()
    .execute();
  await db.schema
    .createTable('intake_read')
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('intake_conversation.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('intake_read_pk', ['conversation_id', 'account_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('intake_read').execute();
  await db.schema.dropTable('intake_message').execute();
  await db.schema.dropTable('intake_conversation').execute();
  await db.schema.dropTable('intake_inbox_key').execute();
  await db.schema.dropTable('intake_inbox').execute();
}
