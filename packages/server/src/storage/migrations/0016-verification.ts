import type { Kysely } from 'kysely';

// Verification (docs/decisions/0029-verification.md). On the case, what the server must
// know to enforce "no one verifies alone" and the gate out of `verification`: the outcome,
// a pending proposal of `verified` (event seq and author) and an override in force. On
// the event, the signed step. Reasons and methods stay in the encrypted payload.
//
// A team's registry of trusted referrers: ids, versions and ciphertext only.
//
// Suspected-infiltrator marks by blind index of a contact's identifier (a keyed digest,
// never the identifier), for intake to warn on a returning contact.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('case_file')
    .addColumn('verification', 'text', (c) => c.notNull().defaultTo('unverified'))
    .execute();
  await db.schema
    .alterTable('case_file')
    .addColumn('verification_proposal_seq', 'integer')
    .execute();
  await db.schema.alterTable('case_file').addColumn('verification_proposed_by', 'text').execute();
  await db.schema
    .alterTable('case_file')
    .addColumn('verification_override_seq', 'integer')
    .execute();
  await db.schema.alterTable('case_event').addColumn('verification', 'text').execute();
  await db.schema
    .createIndex('case_file_verification')
    .on('case_file')
    .column('verification')
    .execute();

  await db.schema
    .createTable('referrer')
    .addColumn('team_id', 'text', (c) => c.notNull().references('team.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('team_key_version', 'integer', (c) => c.notNull())
    .addColumn('sealed_key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('referrer_pk', ['team_id', 'id'])
    .execute();

  await db.schema
    .createTable('infiltrator_mark')
    .addColumn('blind_index', 'text', (c) => c.primaryKey())
    // No foreign keys: a mark outlives a burned case (when it matters most) and its marker.
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('marked_by', 'text', (c) => c.notNull())
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('infiltrator_mark').execute();
  await db.schema.dropTable('referrer').execute();
  await db.schema.dropIndex('case_file_verification').execute();
  await db.schema.alterTable('case_event').dropColumn('verification').execute();
  for (const column of [
    'verification_override_seq',
    'verification_proposed_by',
    'verification_proposal_seq',
    'verification',
  ]) {
    await db.schema.alterTable('case_file').dropColumn(column).execute();
  }
}
