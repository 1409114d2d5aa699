import type { CaseOperation } from '@corridor/protocol';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/** Where a check-in step comes from: the case, its author, the event and the time. */
export interface OperationPlace {
  readonly caseId: string;
  readonly authorId: string;
  readonly seq: number;
  readonly now: string;
}

/** Keeps the durable schedule of a case's check-ins in step with its signed events. */
export async function applyCheckin(
  _trx: Db,
  _place: OperationPlace,
  _operation: Extract<CaseOperation, { op: `checkin.${string}` }>,
): Promise<void> {
  // Filled in by the check-in schedule (issue 7).
}
