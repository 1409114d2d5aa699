import { type Kysely, sql } from 'kysely';

// When the member last proved their password on this session (login or unlock):
// changes to keys and accounts need it recent.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('session')
    .addColumn('authenticated_at', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update session set authenticated_at = created_at`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('session').dropColumn('authenticated_at').execute();
}
