import { randomToken } from '@corridor/crypto';
import {
  type ExpenseState,
  type ExpenseStatus,
  type FundsThreshold,
  listCaseExpensesRoute,
  operationCompartments,
  operationKinds,
} from '@corridor/protocol';
import type { MemberSession } from '../auth/log-in.ts';
import { appendToCase, type CaseEntries, type CaseView } from '../cases/cases.ts';
import {
  type ExpenseDetails,
  ExpenseDetailsSchema,
  FundsInputError,
  needsApproval,
} from './expense-input.ts';

/** One expense as a member reads it from the signed timeline. */
export interface Expense {
  readonly id: string;
  /** The seq of its `expense.added` event. */
  readonly seq: number;
  readonly authorId: string;
  readonly createdAt: string;
  /** As its author signed it. */
  readonly needsApproval: boolean;
  readonly state: ExpenseState;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  /** Null where the member cannot open it (or it does not read as an expense). */
  readonly details: ExpenseDetails | null;
  /**
   * Signed as not needing approval while its encrypted amount is above the threshold (or
   * in another currency): someone slipped spending past the second member. Shown, and
   * counted apart in totals.
   */
  readonly flagged: boolean;
}

/**
 * The expense as it would be written, checked (amount, currency, date, sizes; a receipt
 * must be an attachment of the case). Throws `FundsInputError`.
 */
export function checkExpense(view: CaseView, input: ExpenseDetails): ExpenseDetails {
  const parsed = ExpenseDetailsSchema.safeParse({
    ...input,
    paidBy: input.paidBy.trim(),
    note: input.note.trim(),
  });
  if (!parsed.success) throw new FundsInputError('invalid_expense');
  const { receipt } = parsed.data;
  if (
    receipt !== null &&
    !view.timeline.entries.some((e) => e.seq === receipt && e.kind === 'attachment.added')
  ) {
    throw new FundsInputError('receipt_not_attachment');
  }
  return parsed.data;
}

/**
 * Adds an expense to the case's ledger: the details encrypted in `general`, and signed in
 * the clear only its id and whether it needs a second member's approval, which this
 * browser decides from the organisation's threshold.
 * @returns the case's new version
 */
export async function addExpense(
  session: MemberSession,
  view: CaseView,
  expense: ExpenseDetails,
  threshold: FundsThreshold,
): Promise<number> {
  const details = checkExpense(view, expense);
  const operation = {
    op: 'expense.add' as const,
    id: randomToken(16),
    needsApproval: needsApproval(details, threshold),
  };
  return appendToCase(
    session,
    view,
    operationCompartments[operation.op],
    operationKinds[operation.op],
    details,
    null,
    undefined,
    { operation },
  );
}

async function decide(
  session: MemberSession,
  view: CaseView,
  expenseId: string,
  op: 'expense.approve' | 'expense.reject',
  note: string,
): Promise<number> {
  const expense = caseExpenses(view, null).find((e) => e.id === expenseId);
  if (!expense) throw new FundsInputError('expense_not_found');
  if (!expense.needsApproval) throw new FundsInputError('approval_not_needed');
  if (expense.authorId === session.account.id) throw new FundsInputError('own_expense');
  if (expense.state !== 'pending') throw new FundsInputError('not_pending');
  const operation = { op, id: expenseId };
  return appendToCase(
    session,
    view,
    operationCompartments[op],
    operationKinds[op],
    { note: note.trim().slice(0, 4000) },
    null,
    undefined,
    { operation },
  );
}

/** Approves a pending expense as a second member (never one's own: the server refuses it). */
export const approveExpense = (session: MemberSession, view: CaseView, id: string, note = '') =>
  decide(session, view, id, 'expense.approve', note);

/** Rejects a pending expense as a second member. */
export const rejectExpense = (session: MemberSession, view: CaseView, id: string, note = '') =>
  decide(session, view, id, 'expense.reject', note);

/**
 * The case's expenses, oldest first, replayed from its signed events as the server applies
 * them: an approval or rejection counts only by another member, on a pending expense that
 * needs one. With a threshold, an expense signed as not needing approval whose amount says
 * otherwise is `flagged` (against the threshold in force now).
 */
export function caseExpenses(view: CaseEntries, threshold: FundsThreshold | null): Expense[] {
  const byId = new Map<string, Expense>();
  for (const entry of view.timeline.entries) {
    const op = entry.operation;
    if (!op) continue;
    if (op.op === 'expense.add' && !byId.has(op.id)) {
      const parsed = ExpenseDetailsSchema.safeParse(entry.content);
      const details = parsed.success ? parsed.data : null;
      byId.set(op.id, {
        id: op.id,
        seq: entry.seq,
        authorId: entry.authorId,
        createdAt: entry.createdAt,
        needsApproval: op.needsApproval,
        state: op.needsApproval ? 'pending' : 'not_needed',
        decidedBy: null,
        decidedAt: null,
        details,
        flagged:
          !op.needsApproval && details !== null && threshold !== null
            ? needsApproval(details, threshold)
            : false,
      });
    } else if (op.op === 'expense.approve' || op.op === 'expense.reject') {
      const expense = byId.get(op.id);
      if (expense?.state !== 'pending' || expense.authorId === entry.authorId) continue;
      byId.set(op.id, {
        ...expense,
        state: op.op === 'expense.approve' ? 'approved' : 'rejected',
        decidedBy: entry.authorId,
        decidedAt: entry.createdAt,
      });
    }
  }
  return [...byId.values()];
}

/** What the server holds of the case's expenses (ids, signed flag, decisions). */
export async function expenseStates(
  session: MemberSession,
  caseId: string,
): Promise<ExpenseStatus[]> {
  return (await session.api.call(listCaseExpensesRoute, { params: { caseId } })).expenses;
}

/**
 * True when the server's expense states are what the signed events say: a server that
 * shows an expense as approved that no second member approved is caught.
 */
export function expenseStatesMatch(expenses: readonly Expense[], states: readonly ExpenseStatus[]) {
  if (expenses.length !== states.length) return false;
  const byId = new Map(states.map((s) => [s.id, s]));
  return expenses.every((e) => {
    const s = byId.get(e.id);
    return (
      s !== undefined &&
      s.state === e.state &&
      s.needsApproval === e.needsApproval &&
      s.addedBy === e.authorId &&
      s.decidedBy === e.decidedBy
    );
  });
}
