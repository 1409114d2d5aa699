import type { Kysely } from 'kysely';

// Each member's signed verified heads (the point of each case's history their browser
// last verified), one row per member, replaced as a whole. Opaque to the server.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('verified_heads')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('account.id'))
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('verified_heads').execute();
}
