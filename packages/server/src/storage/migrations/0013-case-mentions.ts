import type { Kysely } from 'kysely';

// Mentions in notes: the signed list of account ids on the event (so every client can
// check it), and one row per member mentioned, so they can be told and can mark it read.
// Account ids are server knowledge already; the note stays ciphertext.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_event').addColumn('mentions', 'text').execute();
  await db.schema
    .createTable('case_mention')
    .addColumn('account_id', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    // The note's compartment: the mention is listed only while the member can read it.
    .addColumn('compartment', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addPrimaryKeyConstraint('case_mention_pk', ['account_id', 'case_id', 'seq'])
    .addForeignKeyConstraint(
      'case_mention_event',
      ['case_id', 'seq'],
      'case_event',
      ['case_id', 'seq'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('case_mention_recent')
    .on('case_mention')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema.createIndex('case_mention_case').on('case_mention').column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_mention').execute();
  await db.schema.alterTable('case_event').dropColumn('mentions').execute();
}
