import { type Kysely, sql } from 'kysely';

// The hotline inbox, complete (issue 6): hand-over of a conversation between operators
// or to a team queue, and the suspected-contact flag on a conversation.
//
// A hand-over keeps its deadline in the row, so a restart loses nothing: whichever
// instance sees the deadline pass first returns it, by a conditional UPDATE on `status`
// (docs/decisions, hand-over). Rows stay after they resolve: who handed what to whom is
// the history the team reads, with no content.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Set by a channel (or by a verification outcome on the linked case) when the
  // conversation's contact is marked as a suspected infiltrator: 1, else 0.
  await db.schema
    .alterTable('intake_conversation')
    .addColumn('suspected_contact', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('intake_handover')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('intake_conversation.id').onDelete('cascade'),
    )
    // The owner it returns to when declined or not taken in time.
    .addColumn('from_id', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('to_account_id', 'text', (c) => c.references('account.id'))
    .addColumn('to_team_id', 'text', (c) => c.references('team.id'))
    // The case opened from the conversation, when that is what is handed over.
    .addColumn('case_id', 'text', (c) => c.references('case_file.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('account.id'))
    .execute();
  // At most one pending hand-over per conversation, whichever instance inserts it.
  await sql`create unique index intake_handover_pending on intake_handover (conversation_id) where status = 'pending'`.execute(
    db,
  );
  await db.schema
    .createIndex('intake_handover_due')
    .on('intake_handover')
    .columns(['status', 'deadline'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('intake_handover').execute();
  await db.schema.alterTable('intake_conversation').dropColumn('suspected_contact').execute();
}
