import type { Kysely } from 'kysely';

// Tasks on cases: due time, assignee and completion are server knowledge (the list's
// overdue filter needs them); the task's text is in its encrypted event.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_task')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text', (c) => c.references('account.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text', (c) => c.references('account.id'))
    .execute();
  await db.schema
    .createIndex('case_task_open')
    .on('case_task')
    .columns(['case_id', 'done_at', 'due_at'])
    .execute();
  await db.schema.alterTable('case_event').addColumn('task', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_event').dropColumn('task').execute();
  await db.schema.dropTable('case_task').execute();
}
