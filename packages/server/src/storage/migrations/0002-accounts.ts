import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('handle', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('opaque_record', 'text', (c) => c.notNull())
    .addColumn('password_stretching', 'text', (c) => c.notNull())
    .addColumn('box_public_key', 'text', (c) => c.notNull())
    .addColumn('sign_public_key', 'text', (c) => c.notNull())
    .addColumn('wrapped_keys', 'text', (c) => c.notNull())
    .addColumn('recovery_wrapped_keys', 'text', (c) => c.notNull())
    .addColumn('totp_secret_sealed', 'text', (c) => c.notNull())
    .addColumn('totp_last_step', 'integer')
    .execute();

  await db.schema
    .createTable('account_role')
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('account.id').onDelete('cascade'),
    )
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_role_pk', ['account_id', 'role'])
    .execute();

  await db.schema
    .createTable('invitation')
    .addColumn('token_digest', 'text', (c) => c.primaryKey())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    // Set by registration/start: the account id and handle reserved, and the TOTP secret
    // offered, sealed with the server key.
    .addColumn('account_id', 'text')
    .addColumn('handle', 'text')
    .addColumn('totp_secret_sealed', 'text')
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('backup_code')
    .addColumn('code_digest', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('account.id').onDelete('cascade'),
    )
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('login_attempt')
    .addColumn('id_digest', 'text', (c) => c.primaryKey())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('server_state_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createIndex('login_attempt_handle_created')
    .on('login_attempt')
    .columns(['handle', 'created_at'])
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_digest', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('account.id').onDelete('cascade'),
    )
    .addColumn('device_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('session_account').on('session').column('account_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'session',
    'login_attempt',
    'backup_code',
    'invitation',
    'account_role',
    'account',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
