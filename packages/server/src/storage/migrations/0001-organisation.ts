import type { Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's schema types,
// which later migrations will change.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('organisation').execute();
}
