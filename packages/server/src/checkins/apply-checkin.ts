import { type CaseOperation, maxCheckinsPerCase } from '@corridor/protocol';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { addMinutes } from './alarms.ts';
import { cancelOpenCheckin, recordOutcome } from './record-checkin.ts';
import { storedWordSalt } from './word-checkin.ts';

type Db = Storage['db'];

/** Where a check-in step comes from: the case, its author, the event and the time. */
export interface OperationPlace {
  readonly caseId: string;
  readonly authorId: string;
  readonly seq: number;
  readonly now: string;
}

type CheckinOperation = Extract<CaseOperation, { op: `checkin.${string}` }>;
type Schedule = Extract<CaseOperation, { op: 'checkin.schedule' }>;

/** Everyone a ladder names exists: accounts active, teams real. Else `invalid_request`. */
async function assertLadder(trx: Db, ladder: Schedule['ladder']): Promise<void> {
  const accountIds = [...new Set(ladder.flatMap((s) => s.accountIds))];
  const teamIds = [...new Set(ladder.flatMap((s) => s.teamIds))];
  if (accountIds.length > 0) {
    const found = await trx
      .selectFrom('account')
      .select('id')
      .where('id', 'in', accountIds)
      .where('status', '=', 'active')
      .execute();
    if (found.length !== accountIds.length) throw new ApiFailure('invalid_request');
  }
  if (teamIds.length > 0) {
    const found = await trx.selectFrom('team').select('id').where('id', 'in', teamIds).execute();
    if (found.length !== teamIds.length) throw new ApiFailure('invalid_request');
  }
}

async function schedule(trx: Db, place: OperationPlace, op: Schedule): Promise<void> {
  await assertLadder(trx, op.ladder);
  if (op.conversationId !== null) {
    // Only a conversation linked to this case: a word must not reach another case's check-in.
    const conversation = await trx
      .selectFrom('intake_conversation')
      .select('id')
      .where('id', '=', op.conversationId)
      .where('case_id', '=', place.caseId)
      .executeTakeFirst();
    if (!conversation) throw new ApiFailure('invalid_request');
  }
  const taken = await trx
    .selectFrom('checkin')
    .select('id')
    .where('id', '=', op.id)
    .executeTakeFirst();
  if (taken) throw new ApiFailure('conflict');
  const count = await trx
    .selectFrom('checkin')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', place.caseId)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= maxCheckinsPerCase) throw new ApiFailure('invalid_request');
  const dueAt = new Date(op.dueAt).toISOString();
  await trx
    .insertInto('checkin')
    .values({
      id: op.id,
      case_id: place.caseId,
      purpose: op.purpose,
      due_at: dueAt,
      grace_minutes: op.graceMinutes,
      deadline: addMinutes(dueAt, op.graceMinutes),
      ladder: JSON.stringify(op.ladder),
      conversation_id: op.conversationId,
      word_salt: op.words ? storedWordSalt(op.words) : null,
      safe_digest: op.words?.safe ?? null,
      duress_digest: op.words?.duress ?? null,
      status: 'pending',
      scheduled_seq: place.seq,
      scheduled_by: place.authorId,
      created_at: place.now,
      recorded_at: null,
    })
    .execute();
}

/**
 * Keeps the durable schedule of a case's check-ins in step with its signed events, inside
 * the append's transaction: a refused step leaves the case and the schedule as they were.
 * A step naming a check-in of another case, or none, is `invalid_request`; one on a
 * check-in already recorded or cancelled is `checkin_closed`.
 */
export async function applyCheckin(
  trx: Db,
  place: OperationPlace,
  operation: CheckinOperation,
): Promise<void> {
  if (operation.op === 'checkin.schedule') return schedule(trx, place, operation);
  const checkin = await trx
    .selectFrom('checkin')
    .selectAll()
    .where('id', '=', operation.id)
    .where('case_id', '=', place.caseId)
    .executeTakeFirst();
  if (!checkin) throw new ApiFailure('invalid_request');
  if (operation.op === 'checkin.cancel') return cancelOpenCheckin(trx, checkin.id, place.now);
  await recordOutcome(trx, checkin, operation.outcome, place.now);
}
