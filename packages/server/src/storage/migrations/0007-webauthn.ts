import type { Kysely } from 'kysely';

// Security keys and passkeys as a second factor: their public keys, the challenge of an
// enrolment in progress, and the challenge each login attempt offers.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webauthn_credential')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('account.id').onDelete('cascade'),
    )
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema
    .createIndex('webauthn_credential_account')
    .on('webauthn_credential')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('webauthn_enrolment')
    .addColumn('session_id', 'text', (c) =>
      c.primaryKey().references('session.id').onDelete('cascade'),
    )
    .addColumn('challenge', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('login_attempt')
    .addColumn('webauthn_challenge', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('login_attempt').dropColumn('webauthn_challenge').execute();
  await db.schema.dropTable('webauthn_enrolment').execute();
  await db.schema.dropTable('webauthn_credential').execute();
}
