import type { Kysely } from 'kysely';

// The funds ledger (issue 7, docs/decisions: funds ledger). What the server must know to
// enforce a second member's approval: each expense's id, the event that added it, whether
// its author signed that it needs approval, and who decided it when. Category, amount,
// currency, date, payer, note and receipt stay in the encrypted `expense.added` event.
//
// The organisation's approval threshold (amount in minor units and currency) is a setting
// every member reads, so their browsers decide `needsApproval` the same way: one row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_expense')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('added_seq', 'integer', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('needs_approval', 'integer', (c) => c.notNull())
    // pending | approved | rejected for those that need approval; not_needed otherwise.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('decided_seq', 'integer')
    .addColumn('decided_by', 'text', (c) => c.references('account.id'))
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('case_expense_case')
    .on('case_expense')
    .columns(['case_id', 'added_seq'])
    .execute();

  await db.schema
    .createTable('funds_setting')
    .addColumn('singleton', 'integer', (c) => c.primaryKey())
    .addColumn('threshold_minor', 'integer', (c) => c.notNull())
    .addColumn('threshold_currency', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('account.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('funds_setting').execute();
  await db.schema.dropTable('case_expense').execute();
}
