import type { Kysely } from 'kysely';

// Cases: server-visible workflow, compartment keys sealed to teams, the signed event
// chain (payloads are ciphertext), and the audit log of who did what kind of thing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_file')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('closed_reason', 'text')
    .addColumn('assignee_id', 'text', (c) => c.references('account.id'))
    .addColumn('risk_level', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('case_compartment_key')
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('compartment', 'text', (c) => c.notNull())
    .addColumn('key_version', 'integer', (c) => c.notNull())
    .addColumn('previous_key_wrapped', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_compartment_key_pk', ['case_id', 'compartment', 'key_version'])
    .execute();

  await db.schema
    .createTable('case_access')
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('compartment', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull().references('team.id'))
    .addColumn('key_version', 'integer', (c) => c.notNull())
    .addColumn('team_key_version', 'integer', (c) => c.notNull())
    .addColumn('sealed_key', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_access_pk', ['case_id', 'compartment', 'team_id'])
    .execute();
  await db.schema.createIndex('case_access_team').on('case_access').column('team_id').execute();

  await db.schema
    .createTable('case_event')
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('compartment', 'text', (c) => c.notNull())
    .addColumn('key_version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('payload_digest', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('workflow', 'text')
    .addPrimaryKeyConstraint('case_event_pk', ['case_id', 'seq'])
    .execute();

  await db.schema
    .createTable('audit_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_entry_case').on('audit_entry').column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_entry',
    'case_event',
    'case_access',
    'case_compartment_key',
    'case_file',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
