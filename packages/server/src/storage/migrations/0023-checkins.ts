import { type Kysely, sql } from 'kysely';

// Safe-arrival check-ins and their alarms (issue 7, docs/decisions: check-in alarms). The
// schedule is durable: due time, grace and ladder are in rows, so a restart loses nothing,
// and any instance's sweep raises and escalates alarms. Each transition is claimed by a
// conditional UPDATE on `status` (check-in) or `rung` (alarm) in the transaction that
// writes its alert rows and audit entry; the unique key on (check-in, rung, account) is
// the last guard that no rung alerts a member twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('checkin')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('grace_minutes', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('ladder', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) =>
      c.references('intake_conversation.id').onDelete('set null'),
    )
    .addColumn('word_salt', 'text')
    .addColumn('safe_digest', 'text')
    .addColumn('duress_digest', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scheduled_seq', 'integer', (c) => c.notNull())
    .addColumn('scheduled_by', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text')
    .execute();
  await db.schema
    .createIndex('checkin_due')
    .on('checkin')
    .columns(['status', 'deadline'])
    .execute();
  await db.schema.createIndex('checkin_case').on('checkin').columns(['case_id']).execute();
  await db.schema
    .createIndex('checkin_conversation')
    .on('checkin')
    .columns(['conversation_id', 'status'])
    .execute();

  await db.schema
    .createTable('checkin_alarm')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checkin_id', 'text', (c) =>
      c.notNull().unique().references('checkin.id').onDelete('cascade'),
    )
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('silent', 'integer', (c) => c.notNull())
    .addColumn('rung', 'integer', (c) => c.notNull())
    .addColumn('next_at', 'text')
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text', (c) => c.references('account.id'))
    .addColumn('resolved_at', 'text')
    .execute();
  await sql`create index checkin_alarm_next on checkin_alarm (next_at) where next_at is not null and acknowledged_at is null and resolved_at is null`.execute(
    db,
  );

  await db.schema
    .createTable('checkin_alert')
    .addColumn('alarm_id', 'text', (c) =>
      c.notNull().references('checkin_alarm.id').onDelete('cascade'),
    )
    .addColumn('checkin_id', 'text', (c) => c.notNull())
    .addColumn('rung', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('alerted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_alert_once', ['checkin_id', 'rung', 'account_id'])
    .execute();
  await db.schema
    .createIndex('checkin_alert_account')
    .on('checkin_alert')
    .columns(['account_id', 'alarm_id'])
    .execute();

  await db.schema
    .createTable('checkin_word_attempt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('intake_conversation.id').onDelete('cascade'),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('checkin_word_attempt_conversation')
    .on('checkin_word_attempt')
    .columns(['conversation_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('checkin_word_attempt').execute();
  await db.schema.dropTable('checkin_alert').execute();
  await db.schema.dropTable('checkin_alarm').execute();
  await db.schema.dropTable('checkin').execute();
}
