import type {
  ConversationDetail,
  ConversationList,
  ConversationStatus,
  TriageBody,
} from '@corridor/protocol';
import { sql } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import type { Clock } from '../auth/clock.ts';
import type { Authenticated } from '../auth/session-guard.ts';
import { heldCompartments } from '../cases/case-access.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { requireHotlineMember } from './inbox.ts';

type Db = Storage['db'];

/** The newest conversations a list shows; older ones are reached by status filter. */
const listLimit = 500;

function summaryColumns(db: Db, accountId: string) {
  return db
    .selectFrom('intake_conversation as c')
    .leftJoin('intake_read as r', (join) =>
      join.onRef('r.conversation_id', '=', 'c.id').on('r.account_id', '=', accountId),
    )
    .select((eb) => [
      'c.id',
      'c.channel',
      'c.status',
      'c.case_id',
      'c.owner_id',
      'c.created_at',
      'c.last_message_at',
      'c.message_count',
      eb
        .selectFrom('intake_message as m')
        .select(eb.fn.countAll<number | string>().as('n'))
        .whereRef('m.conversation_id', '=', 'c.id')
        .where('m.direction', '=', 'inbound')
        .where((w) =>
          w.or([w('r.read_at', 'is', null), w('m.created_at', '>', w.ref('r.read_at'))]),
        )
        .as('unread'),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryColumns>['execute']>>[number];

const toSummary = (row: SummaryRow) => ({
  id: row.id,
  channel: row.channel,
  status: row.status,
  caseId: row.case_id,
  ownerId: row.owner_id,
  createdAt: row.created_at,
  lastMessageAt: row.last_message_at,
  messageCount: Number(row.message_count),
  // Spam is never counted as waiting: a flood must not drown the unread count.
  unread: row.status === 'spam' ? 0 : Number(row.unread ?? 0),
});

export async function listConversations(
  storage: Storage,
  caller: Authenticated,
  status: ConversationStatus | undefined,
): Promise<z.infer<typeof ConversationList>> {
  await requireHotlineMember(storage.db, caller);
  let query = summaryColumns(storage.db, caller.accountId)
    .orderBy('c.last_message_at', 'desc')
    .orderBy('c.id')
    .limit(listLimit);
  query = status ? query.where('c.status', '=', status) : query.where('c.status', '!=', 'spam');
  const conversations = (await query.execute()).map(toSummary);
  return {
    conversations,
    unreadTotal: conversations.reduce((sum, c) => sum + c.unread, 0),
  };
}

/** The conversation, or `not_found` (recorded) for anyone outside the hotline team. */
async function requireConversation(
  storage: Storage,
  clock: Clock,
  caller: Authenticated,
  conversationId: string,
): Promise<void> {
  try {
    await requireHotlineMember(storage.db, caller);
  } catch (error) {
    await audit(
      storage.db,
      caller.accountId,
      'intake.refused',
      null,
      clock().toISOString(),
      conversationId,
    );
    throw error;
  }
}

export async function getConversation(
  storage: Storage,
  clock: Clock,
  caller: Authenticated,
  conversationId: string,
): Promise<z.infer<typeof ConversationDetail>> {
  await requireConversation(storage, clock, caller, conversationId);
  const { db } = storage;
  const row = await summaryColumns(db, caller.accountId)
    .select('c.reply_public_key')
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  if (!row) throw new ApiFailure('not_found');
  const messages = await db
    .selectFrom('intake_message')
    .select(['id', 'direction', 'inbox_key_version', 'body', 'author_id', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .orderBy('seq')
    .limit(2000)
    .execute();
  const now = clock().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('intake_read')
      .values({ conversation_id: conversationId, account_id: caller.accountId, read_at: now })
      .onConflict((oc) =>
        oc.columns(['conversation_id', 'account_id']).doUpdateSet({ read_at: now }),
      )
      .execute();
    await audit(trx, caller.accountId, 'intake.read', null, now, conversationId);
  });
  return {
    conversation: toSummary(row),
    replyPublicKey: row.reply_public_key,
    messages: messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      inboxKeyVersion: m.inbox_key_version,
      body: m.body,
      authorId: m.author_id,
      at: m.created_at,
    })),
  };
}

export { requireConversation };

export async function triageConversation(
  storage: Storage,
  clock: Clock,
  caller: Authenticated,
  conversationId: string,
  body: z.infer<typeof TriageBody>,
): Promise<void> {
  await requireConversation(storage, clock, caller, conversationId);
  const { db } = storage;
  if (body.status === 'linked') {
    // Only a case the caller's teams hold: linking reveals nothing about others.
    if ((await heldCompartments(db, body.caseId, caller.accountId)).size === 0) {
      throw new ApiFailure('not_found');
    }
  }
  const now = clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('intake_conversation')
      .set({
        status: body.status,
        case_id: body.status === 'linked' ? body.caseId : sql<string | null>`case_id`,
      })
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) throw new ApiFailure('not_found');
    await audit(trx, caller.accountId, 'intake.write', null, now, conversationId);
  });
}
