import type { Kysely } from 'kysely';

// The key ids an event commits to (case.opened, access.revoked, key.rotated), signed with
// it: clients take a compartment key only if a signed event named it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_event').addColumn('key_ids', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_event').dropColumn('key_ids').execute();
}
