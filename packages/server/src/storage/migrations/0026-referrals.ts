import type { Kysely } from 'kysely';

// Partners and referrals (issue 7). A partner organisation is server-visible (name,
// country, public key, notification e-mail); a removed one stays for the referrals that
// name it. Of a referral the server keeps only what docs/decisions/0041-relocation-and-referrals.md
// lists: partner, state, the NAMES of the fields shared, consent basis, mode, the
// package's SHA-256 and a digest of the partner's response token — never a value.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('partner')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text')
    .addColumn('notification_email', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();

  await db.schema
    .createTable('referral')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partner.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    /** JSON array of `source.field` names. */
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('consent', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('package_sha256', 'text', (c) => c.notNull())
    .addColumn('response_digest', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('referral_case').on('referral').column('case_id').execute();

  await db.schema
    .createTable('referral_change')
    .addColumn('referral_id', 'text', (c) =>
      c.notNull().references('referral.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    // Null: the partner, through their response link.
    .addColumn('by', 'text')
    .addPrimaryKeyConstraint('referral_change_pk', ['referral_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('referral_change').execute();
  await db.schema.dropTable('referral').execute();
  await db.schema.dropTable('partner').execute();
}
