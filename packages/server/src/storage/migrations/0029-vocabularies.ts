import type { Kysely } from 'kysely';

// The organisation's edited vocabularies (docs/decisions/0052-vocabularies-stored-encrypted.md).
// Which team keeps them is a setting the server may know (a team id, one row). Each
// vocabulary kind is one record sealed to that team's key: team id, kind, versions and
// ciphertext only — terms and labels (places may name a real basement) never arrive in
// the clear. Keyed by team as well as kind, so choosing another team starts it from the
// defaults and choosing the first one again finds its records.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vocabulary_setting')
    .addColumn('singleton', 'integer', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.references('team.id'))
    .addColumn('updated_by', 'text', (c) => c.references('account.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('vocabulary_record')
    .addColumn('team_id', 'text', (c) => c.notNull().references('team.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('team_key_version', 'integer', (c) => c.notNull())
    .addColumn('sealed_key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vocabulary_record_pk', ['team_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('vocabulary_record').execute();
  await db.schema.dropTable('vocabulary_setting').execute();
}
