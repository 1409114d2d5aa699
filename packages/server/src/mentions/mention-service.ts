import {
  type CaseMemberSchema,
  type Compartment,
  CompartmentSchema,
  type MarkMentionsReadBody,
  type MentionListQuery,
  type MentionSchema,
  maxMentionsListed,
} from '@corridor/protocol';
import type { ExpressionBuilder } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import type { Authenticated } from '../auth/session-guard.ts';
import { requireCaseAccess } from '../cases/case-access.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Database } from '../storage/schema.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/**
 * A mention counts only while the member's teams hold the note's compartment: taken off a
 * team or the case, they stop seeing it — the row stays, so access given back restores it.
 */
const stillReadable =
  (accountId: string) =>
  ({ exists, selectFrom }: ExpressionBuilder<Database, 'case_mention'>) =>
    exists(
      selectFrom('case_access')
        .innerJoin('team_member', 'team_member.team_id', 'case_access.team_id')
        .select('case_access.case_id')
        .whereRef('case_access.case_id', '=', 'case_mention.case_id')
        .whereRef('case_access.compartment', '=', 'case_mention.compartment')
        .where('team_member.account_id', '=', accountId),
    );

async function unreadCount(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('case_mention')
    .select((eb) => eb.fn.countAll<number>().as('unread'))
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .where(stillReadable(accountId))
    .executeTakeFirstOrThrow();
  return Number(row.unread);
}

/** The caller's newest mentions, of notes they can still read, and how many are unread. */
export async function listMentions(
  storage: Storage,
  caller: Authenticated,
  query: z.infer<typeof MentionListQuery>,
  now: string,
): Promise<{ mentions: z.input<typeof MentionSchema>[]; unread: number }> {
  let select = storage.db
    .selectFrom('case_mention')
    .select(['case_id', 'seq', 'author_id', 'created_at', 'read_at'])
    .where('account_id', '=', caller.accountId)
    .where(stillReadable(caller.accountId));
  if (query.unread) select = select.where('read_at', 'is', null);
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('case_id')
    .orderBy('seq', 'desc')
    .limit(maxMentionsListed)
    .execute();
  const unread = await unreadCount(storage.db, caller.accountId);
  await audit(storage.db, caller.accountId, 'mention.list', null, now);
  return {
    mentions: rows.map((row) => ({
      caseId: row.case_id,
      seq: row.seq,
      authorId: row.author_id,
      createdAt: row.created_at,
      readAt: row.read_at,
    })),
    unread,
  };
}

/**
 * Marks the caller's mentions read — only their own, only unread, only those still
 * listed — with an audit entry per case touched. Others' mentions and unknown ones are
 * left alone without a word: the answer counts only what changed.
 */
export async function markMentionsRead(
  storage: Storage,
  caller: Authenticated,
  body: z.infer<typeof MarkMentionsReadBody>,
  now: string,
): Promise<{ marked: number; unread: number }> {
  return storage.db.transaction().execute(async (trx) => {
    const mine = await trx
      .selectFrom('case_mention')
      .select(['case_id', 'seq'])
      .where('account_id', '=', caller.accountId)
      .where('read_at', 'is', null)
      .where(stillReadable(caller.accountId))
      .where((eb) =>
        eb.or(
          body.mentions.map((m) => eb.and([eb('case_id', '=', m.caseId), eb('seq', '=', m.seq)])),
        ),
      )
      .execute();
    for (const row of mine) {
      await trx
        .updateTable('case_mention')
        .set({ read_at: now })
        .where('account_id', '=', caller.accountId)
        .where('case_id', '=', row.case_id)
        .where('seq', '=', row.seq)
        .where('read_at', 'is', null)
        .execute();
    }
    for (const caseId of new Set(mine.map((row) => row.case_id))) {
      await audit(trx, caller.accountId, 'mention.read', caseId, now);
    }
    return { marked: mine.length, unread: await unreadCount(trx, caller.accountId) };
  });
}

/**
 * Who can read a case, part by part: the active members of the teams holding it, for the
 * caller to choose whom a note mentions. Only for members who can read the case
 * themselves; a refusal is on record like any other.
 */
export async function listCaseMembers(
  storage: Storage,
  caller: Authenticated,
  caseId: string,
  now: string,
): Promise<z.input<typeof CaseMemberSchema>[]> {
  try {
    await requireCaseAccess(storage.db, caseId, caller.accountId);
  } catch (error) {
    if (error instanceof ApiFailure && error.code === 'not_found') {
      await audit(storage.db, caller.accountId, 'case.refused', caseId, now, 'case.members');
    }
    throw error;
  }
  const rows = await storage.db
    .selectFrom('case_access')
    .innerJoin('team_member', 'team_member.team_id', 'case_access.team_id')
    .innerJoin('account', 'account.id', 'team_member.account_id')
    .select(['account.id', 'account.handle', 'case_access.compartment'])
    .distinct()
    .where('case_access.case_id', '=', caseId)
    .where('account.status', '=', 'active')
    .execute();
  const members = new Map<string, { handle: string; compartments: Set<Compartment> }>();
  for (const row of rows) {
    const member = members.get(row.id) ?? { handle: row.handle, compartments: new Set() };
    member.compartments.add(CompartmentSchema.parse(row.compartment));
    members.set(row.id, member);
  }
  await audit(storage.db, caller.accountId, 'case.members', caseId, now);
  return [...members]
    .map(([accountId, m]) => ({
      accountId,
      handle: m.handle,
      compartments: [...m.compartments].sort(),
    }))
    .sort((a, b) => (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0));
}
