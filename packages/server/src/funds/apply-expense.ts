import type { CaseOperation } from '@corridor/protocol';
import type { OperationPlace } from '../checkins/apply-checkin.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/**
 * Keeps what the server knows of a case's expenses (ids, approval) in step with its events,
 * inside the append's transaction: an id already used is `conflict`; approving or rejecting
 * needs an expense of this case that needs approval and is pending (`invalid_request`
 * otherwise), decided by a member other than the one who added it
 * (`second_member_required`): no one approves their own spending.
 */
export async function applyExpense(
  trx: Db,
  place: OperationPlace,
  operation: Extract<CaseOperation, { op: `expense.${string}` }>,
): Promise<void> {
  const existing = await trx
    .selectFrom('case_expense')
    .select(['case_id', 'added_by', 'needs_approval', 'state'])
    .where('id', '=', operation.id)
    .executeTakeFirst();
  if (operation.op === 'expense.add') {
    if (existing) throw new ApiFailure('conflict');
    await trx
      .insertInto('case_expense')
      .values({
        id: operation.id,
        case_id: place.caseId,
        added_seq: place.seq,
        added_by: place.authorId,
        added_at: place.now,
        needs_approval: operation.needsApproval ? 1 : 0,
        state: operation.needsApproval ? 'pending' : 'not_needed',
        decided_seq: null,
        decided_by: null,
        decided_at: null,
      })
      .execute();
    return;
  }
  if (!existing || existing.case_id !== place.caseId || Number(existing.needs_approval) !== 1) {
    throw new ApiFailure('invalid_request');
  }
  if (existing.added_by === place.authorId) throw new ApiFailure('second_member_required');
  if (existing.state !== 'pending') throw new ApiFailure('invalid_request');
  const decided = await trx
    .updateTable('case_expense')
    .set({
      state: operation.op === 'expense.approve' ? 'approved' : 'rejected',
      decided_seq: place.seq,
      decided_by: place.authorId,
      decided_at: place.now,
    })
    .where('id', '=', operation.id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (decided.numUpdatedRows !== 1n) throw new ApiFailure('conflict');
}
