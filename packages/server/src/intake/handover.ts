import { randomToken } from '@corridor/crypto';
import type { HandOverBody, HandoverTargets } from '@corridor/protocol';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import type { Clock } from '../auth/clock.ts';
import type { Authenticated } from '../auth/session-guard.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { requireHotlineMember } from './inbox.ts';

type Db = Storage['db'];

/** How long a hand-over waits when the installation sets nothing (CORRIDOR_HANDOVER_TIMEOUT_MINUTES). */
export const defaultHandoverTimeoutMinutes = 30;

const step = (conversationId: string, what: string, handoverId: string) =>
  `${conversationId} ${what} ${handoverId}`;

/**
 * Returns every pending hand-over whose deadline has passed to its owner. The deadline is
 * in the row, so nothing is lost across a restart; this runs on each inbox read and from
 * a periodic sweep. The conditional UPDATE (`status = 'pending'`) is the claim: when
 * several instances sweep at once on PostgreSQL, a row's second updater re-checks the
 * condition after the first commits and matches nothing, so each expiry is handled — and
 * audited — once.
 * @returns how many were returned
 */
export async function returnOverdueHandovers(db: Db, clock: Clock): Promise<number> {
  const now = clock().toISOString();
  return db.transaction().execute(async (trx) => {
    const returned = await trx
      .updateTable('intake_handover')
      .set({ status: 'expired', resolved_at: now })
      .where('status', '=', 'pending')
      .where('deadline', '<=', now)
      .returning(['id', 'conversation_id', 'from_id'])
      .execute();
    for (const row of returned) {
      await audit(
        trx,
        row.from_id,
        'intake.handover',
        null,
        now,
        step(row.conversation_id, 'expired', row.id),
      );
    }
    return returned.length;
  });
}

async function teamsOf(db: Db, accountId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('team_member')
    .select('team_id')
    .where('account_id', '=', accountId)
    .execute();
  return new Set(rows.map((r) => r.team_id));
}

/** Whether a pending hand-over is addressed to the caller (by name, or to a team they are in). */
export function isForCaller(
  handover: { to_account_id: string | null; to_team_id: string | null; from_id: string },
  accountId: string,
  teams: ReadonlySet<string>,
): boolean {
  if (handover.from_id === accountId) return false;
  if (handover.to_account_id !== null) return handover.to_account_id === accountId;
  return handover.to_team_id !== null && teams.has(handover.to_team_id);
}

export { teamsOf as callerTeams };

/**
 * Offers a conversation, with the case linked to it, to another hotline operator or a
 * team's queue. The caller must own it, or it must have no owner yet (then the caller
 * becomes its owner): it is to the owner that it returns.
 * @throws ApiFailure `not_found` (no such conversation), `forbidden` (someone else owns
 *   it), `conflict` (a hand-over is already pending), `invalid_request` (a receiver who
 *   is not a hotline operator, the caller themself, or no such team).
 */
export async function handOver(
  storage: Storage,
  clock: Clock,
  caller: Authenticated,
  conversationId: string,
  body: z.infer<typeof HandOverBody>,
  timeoutMinutes: number,
): Promise<{ handoverId: string; deadline: string }> {
  const { db } = storage;
  const hotline = await requireHotlineMember(db, caller);
  await returnOverdueHandovers(db, clock);
  if (body.to === 'member') {
    const member = await db
      .selectFrom('team_member')
      .select('account_id')
      .where('team_id', '=', hotline)
      .where('account_id', '=', body.accountId)
      .executeTakeFirst();
    if (!member || body.accountId === caller.accountId) throw new ApiFailure('invalid_request');
  } else {
    const team = await db
      .selectFrom('team')
      .select('id')
      .where('id', '=', body.teamId)
      .executeTakeFirst();
    if (!team) throw new ApiFailure('invalid_request');
  }
  const now = clock();
  const at = now.toISOString();
  const deadline = new Date(now.getTime() + timeoutMinutes * 60_000).toISOString();
  const handoverId = randomToken(16);
  await db.transaction().execute(async (trx) => {
    // Claims ownership in the same statement that checks it, so two operators handing
    // over an unowned conversation at once cannot both succeed.
    const claimed = await trx
      .updateTable('intake_conversation')
      .set({ owner_id: caller.accountId })
      .where('id', '=', conversationId)
      .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', caller.accountId)]))
      .returning('case_id')
      .executeTakeFirst();
    if (!claimed) {
      const exists = await trx
        .selectFrom('intake_conversation')
        .select('id')
        .where('id', '=', conversationId)
        .executeTakeFirst();
      throw new ApiFailure(exists ? 'forbidden' : 'not_found');
    }
    const pending = await trx
      .selectFrom('intake_handover')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (pending) throw new ApiFailure('conflict');
    // The partial unique index makes a concurrent second offer a `conflict` too.
    await trx
      .insertInto('intake_handover')
      .values({
        id: handoverId,
        conversation_id: conversationId,
        from_id: caller.accountId,
        to_account_id: body.to === 'member' ? body.accountId : null,
        to_team_id: body.to === 'team' ? body.teamId : null,
        case_id: claimed.case_id,
        status: 'pending',
        created_at: at,
        deadline,
        resolved_at: null,
        resolved_by: null,
      })
      .execute();
    await audit(
      trx,
      caller.accountId,
      'intake.handover',
      null,
      at,
      step(conversationId, 'offered', handoverId),
    );
  });
  return { handoverId, deadline };
}

/**
 * The receiver accepts (the conversation becomes theirs) or declines (it stays with its
 * owner); the owner may decline their own offer to take it back (`cancelled`). Only while
 * pending and before the deadline — the UPDATE checks both, so an answer racing the sweep
 * or another receiver of a team queue loses cleanly with `conflict`.
 * @throws ApiFailure `not_found` (no such hand-over, or one neither to nor from the
 *   caller), `invalid_request` (accepting one's own offer), `conflict` (already answered
 *   or expired).
 */
export async function answerHandover(
  storage: Storage,
  clock: Clock,
  caller: Authenticated,
  handoverId: string,
  answer: 'accept' | 'decline',
): Promise<void> {
  const { db } = storage;
  await requireHotlineMember(db, caller);
  await returnOverdueHandovers(db, clock);
  const handover = await db
    .selectFrom('intake_handover')
    .selectAll()
    .where('id', '=', handoverId)
    .executeTakeFirst();
  if (!handover) throw new ApiFailure('not_found');
  const own = handover.from_id === caller.accountId;
  if (!own && !isForCaller(handover, caller.accountId, await teamsOf(db, caller.accountId))) {
    throw new ApiFailure('not_found');
  }
  if (own && answer === 'accept') throw new ApiFailure('invalid_request');
  const status = answer === 'accept' ? 'accepted' : own ? 'cancelled' : 'declined';
  const now = clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const answered = await trx
      .updateTable('intake_handover')
      .set({ status, resolved_at: now, resolved_by: caller.accountId })
      .where('id', '=', handoverId)
      .where('status', '=', 'pending')
      .where('deadline', '>', now)
      .executeTakeFirst();
    if (answered.numUpdatedRows !== 1n) throw new ApiFailure('conflict');
    if (status === 'accepted') {
      await trx
        .updateTable('intake_conversation')
        .set({ owner_id: caller.accountId })
        .where('id', '=', handover.conversation_id)
        .execute();
    }
    await audit(
      trx,
      caller.accountId,
      'intake.handover',
      null,
      now,
      step(handover.conversation_id, status, handoverId),
    );
  });
}

/** The other operators of the hotline team and every team, with how long an offer waits. */
export async function handoverTargets(
  storage: Storage,
  caller: Authenticated,
  timeoutMinutes: number,
): Promise<z.infer<typeof HandoverTargets>> {
  const { db } = storage;
  const hotline = await requireHotlineMember(db, caller);
  const members = await db
    .selectFrom('team_member')
    .innerJoin('account', 'account.id', 'team_member.account_id')
    .select(['account.id', 'account.handle'])
    .where('team_member.team_id', '=', hotline)
    .where('account.id', '!=', caller.accountId)
    .where('account.status', '=', 'active')
    .orderBy('account.handle')
    .limit(1000)
    .execute();
  const teams = await db
    .selectFrom('team')
    .select(['id', 'name'])
    .orderBy('name')
    .limit(1000)
    .execute();
  return { members, teams, timeoutMinutes };
}
