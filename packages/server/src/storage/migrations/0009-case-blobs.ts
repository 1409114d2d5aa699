import type { Kysely } from 'kysely';

// Attachments: each blob's case, uploader, state and size — all the server knows of a
// file. Its bytes are ciphertext in the data directory (blobs/), its name, type, key and
// hash in the encrypted event that names it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_blob')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('max_bytes', 'bigint', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('event_seq', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('touched_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('case_blob_case').on('case_blob').column('case_id').execute();
  await db.schema
    .createIndex('case_blob_status')
    .on('case_blob')
    .columns(['status', 'touched_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_blob').execute();
}
