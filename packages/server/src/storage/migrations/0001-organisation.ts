import { type Kysely, sql } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's schema types,
// which later migrations will change.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // One installation, one row: instances starting together cannot create two.
    .addColumn('singleton', 'integer', (c) =>
      c.notNull().defaultTo(1).unique().check(sql`singleton = 1`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('organisation').execute();
}
