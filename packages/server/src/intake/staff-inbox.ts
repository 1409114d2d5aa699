import type {
  ConversationDetail,
  ConversationList,
  ConversationStatus,
  InboxCounts,
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
import { callerTeams, isForCaller, returnOverdueHandovers } from './handover.ts';
import { requireHotlineMember } from './inbox.ts';
import { markLinkedContacts } from './suspected-contacts.ts';

type Db = Storage['db'];

/** The newest conversations a list shows; older ones are reached by status filter. */
const listLimit = 500;

function summaryColumns(db: Db, accountId: string) {
  return (
    db
      .selectFrom('intake_conversation as c')
      .leftJoin('intake_read as r', (join) =>
        join.onRef('r.conversation_id', '=', 'c.id').on('r.account_id', '=', accountId),
      )
      // A mark made after the conversation arrived warns too: checked on every read.
      .leftJoin('infiltrator_mark as im', 'im.blind_index', 'c.routing_index')
      .leftJoin('intake_handover as h', (join) =>
        join.onRef('h.conversation_id', '=', 'c.id').on('h.status', '=', 'pending'),
      )
      .select((eb) => [
        'c.suspected_contact',
        'im.case_id as suspected_case_id',
        'h.id as handover_id',
        'h.from_id as handover_from_id',
        'h.to_account_id as handover_to_account_id',
        'h.to_team_id as handover_to_team_id',
        'h.case_id as handover_case_id',
        'h.created_at as handover_created_at',
        'h.deadline as handover_deadline',
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
      ])
  );
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryColumns>['execute']>>[number];

const toSummary = (row: SummaryRow, accountId: string, teams: ReadonlySet<string>) => ({
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
  suspectedContact: Number(row.suspected_contact) === 1 || row.suspected_case_id !== null,
  suspectedCaseId: row.suspected_case_id,
  handover:
    row.handover_id && row.handover_from_id && row.handover_created_at && row.handover_deadline
      ? {
          id: row.handover_id,
          fromId: row.handover_from_id,
          toAccountId: row.handover_to_account_id,
          toTeamId: row.handover_to_team_id,
          caseId: row.handover_case_id,
          createdAt: row.handover_created_at,
          deadline: row.handover_deadline,
          forCaller: isForCaller(
            {
              from_id: row.handover_from_id,
              to_account_id: row.handover_to_account_id,
              to_team_id: row.handover_to_team_id,
            },
            accountId,
            teams,
          ),
        }
      : null,
});

export async function listConversations(
  storage: Storage,
  clock: Clock,
  caller: Authenticated,
  status: ConversationStatus | undefined,
): Promise<z.infer<typeof ConversationList>> {
  await requireHotlineMember(storage.db, caller);
  await returnOverdueHandovers(storage.db, clock);
  const teams = await callerTeams(storage.db, caller.accountId);
  let query = summaryColumns(storage.db, caller.accountId)
    .orderBy('c.last_message_at', 'desc')
    .orderBy('c.id')
    .limit(listLimit);
  query = status ? query.where('c.status', '=', status) : query.where('c.status', '!=', 'spam');
  const conversations = (await query.execute()).map((row) =>
    toSummary(row, caller.accountId, teams),
  );
  return {
    conversations,
    unreadTotal: conversations.reduce((sum, c) => sum + c.unread, 0),
  };
}

/** For the navigation: unread messages outside spam, and hand-overs the caller may accept. */
export async function inboxCounts(
  storage: Storage,
  clock: Clock,
  caller: Authenticated,
): Promise<z.infer<typeof InboxCounts>> {
  const list = await listConversations(storage, clock, caller, undefined);
  return {
    unread: list.unreadTotal,
    handovers: list.conversations.filter((c) => c.handover?.forCaller).length,
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
  await returnOverdueHandovers(db, clock);
  const teams = await callerTeams(db, caller.accountId);
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
  const files = await db
    .selectFrom('intake_attachment')
    .select(['id', 'message_id', 'sealed', 'bytes'])
    .where('conversation_id', '=', conversationId)
    .orderBy('message_id')
    .orderBy('position')
    .execute();
  const filesOf = new Map<string, { id: string; sealed: string; bytes: number }[]>();
  for (const file of files) {
    const list = filesOf.get(file.message_id) ?? [];
    list.push({ id: file.id, sealed: file.sealed, bytes: Number(file.bytes) });
    filesOf.set(file.message_id, list);
  }
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
    conversation: toSummary(row, caller.accountId, teams),
    replyPublicKey: row.reply_public_key,
    messages: messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      inboxKeyVersion: m.inbox_key_version,
      body: m.body,
      authorId: m.author_id,
      at: m.created_at,
      ...(filesOf.has(m.id) ? { attachments: filesOf.get(m.id) } : {}),
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
  let suspectedCase = false;
  if (body.status === 'linked') {
    // Only a case the caller's teams hold: linking reveals nothing about others.
    if ((await heldCompartments(db, body.caseId, caller.accountId)).size === 0) {
      throw new ApiFailure('not_found');
    }
    const linked = await db
      .selectFrom('case_file')
      .select('verification')
      .where('id', '=', body.caseId)
      .executeTakeFirst();
    suspectedCase = linked?.verification === 'suspected_infiltrator';
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
    // Linked to a case already found suspect: the contact is marked from now on.
    if (suspectedCase && body.status === 'linked') {
      await markLinkedContacts(trx, body.caseId, caller.accountId, now);
    }
    await audit(trx, caller.accountId, 'intake.write', null, now, conversationId);
  });
}
