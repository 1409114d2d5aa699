import type { Kysely } from 'kysely';

// Rescue operations on a case (issue 7): the signed, server-visible step an event takes
// (a check-in scheduled or recorded, an expense added or approved), kept beside the event
// so any reader can check it against the signature. What the step is about is encrypted.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_event').addColumn('operation', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_event').dropColumn('operation').execute();
}
