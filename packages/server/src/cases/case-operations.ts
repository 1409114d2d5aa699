import { type EventInputSchema, operationCompartments, operationKinds } from '@corridor/protocol';
import type { z } from 'zod';
import { applyCheckin } from '../checkins/apply-checkin.ts';
import { applyExpense } from '../funds/apply-expense.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];
type EventInput = z.infer<typeof EventInputSchema>;

const operationKindSet = new Set<string>(Object.values(operationKinds));

/**
 * An operation rides only on the kind written for it, in the compartment it belongs to,
 * and every such kind carries one: no endpoint can slip a step past the checks below.
 */
export function assertOperationFits(event: EventInput): void {
  const { operation } = event;
  if (!operation) {
    if (operationKindSet.has(event.kind)) throw new ApiFailure('invalid_request');
    return;
  }
  if (
    operationKinds[operation.op] !== event.kind ||
    operationCompartments[operation.op] !== event.compartment
  ) {
    throw new ApiFailure('invalid_request');
  }
}

/**
 * Applies an event's check-in or expense step to what the server keeps of it, inside the
 * append's transaction: a refused step leaves the case as it was.
 */
export async function applyOperation(
  trx: Db,
  caseId: string,
  authorId: string,
  event: EventInput,
  now: string,
): Promise<void> {
  const { operation } = event;
  if (!operation) return;
  switch (operation.op) {
    case 'checkin.schedule':
    case 'checkin.record':
    case 'checkin.cancel':
      return applyCheckin(trx, { caseId, authorId, seq: event.seq, now }, operation);
    case 'expense.add':
    case 'expense.approve':
    case 'expense.reject':
      return applyExpense(trx, { caseId, authorId, seq: event.seq, now }, operation);
  }
}
