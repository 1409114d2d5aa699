import type { Kysely } from 'kysely';

// Case writes are rate-limited per account by counting that account's recent audit
// entries; without this index each write would scan the whole log, which every read grows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('audit_entry_account_at')
    .on('audit_entry')
    .columns(['account_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_entry_account_at').execute();
}
