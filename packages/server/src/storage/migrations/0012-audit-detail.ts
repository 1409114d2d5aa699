import type { Kysely } from 'kysely';

// What an access change was about — which part, which team — in the audit log. Both are
// server knowledge already (who holds which compartment); nothing of a case's content.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_entry').addColumn('detail', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_entry').dropColumn('detail').execute();
}
