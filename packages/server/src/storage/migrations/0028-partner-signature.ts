import type { Kysely } from 'kysely';

// A partner record signed by the administrator who saved it (review finding S2,
// docs/decisions/0041-relocation-and-referrals.md): the signature over id, name,
// country, public key and version, and who signed. Partners saved before stay unsigned
// (null) and cannot be sealed to until an administrator saves them again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('partner').addColumn('record_signature', 'text').execute();
  await db.schema
    .alterTable('partner')
    .addColumn('signed_by', 'text', (c) => c.references('account.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('partner').dropColumn('signed_by').execute();
  await db.schema.alterTable('partner').dropColumn('record_signature').execute();
}
