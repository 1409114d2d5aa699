import type { Kysely } from 'kysely';

// A demo organisation (made by `npm start` on an empty data directory) is marked, so
// production (`npm run serve`) can refuse to run on its synthetic accounts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('organisation')
    .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organisation').dropColumn('demo').execute();
}
