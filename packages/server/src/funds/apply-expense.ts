import type { CaseOperation } from '@corridor/protocol';
import type { OperationPlace } from '../checkins/apply-checkin.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/** Keeps what the server knows of a case's expenses (ids, approval) in step with its events. */
export async function applyExpense(
  _trx: Db,
  _place: OperationPlace,
  _operation: Extract<CaseOperation, { op: `expense.${string}` }>,
): Promise<void> {
  // Filled in by the funds ledger (issue 7).
}
