import type { FundsThreshold } from '@corridor/protocol';
import type { CaseEntries } from '../cases/cases.ts';
import { caseExpenses, type Expense } from './expenses.ts';

/** One row of totals: a category or a month (`YYYY-MM`), in one currency. */
export interface ExpenseTotal {
  readonly key: string;
  readonly currency: string;
  /** Approved, or not needing approval: money spent. */
  readonly spentMinor: number;
  /** Waiting for a second member. */
  readonly pendingMinor: number;
  /** Signed as not needing approval though its amount does (see `Expense.flagged`). */
  readonly flaggedMinor: number;
  /** How many expenses were counted in `spentMinor`. */
  readonly count: number;
}

/**
 * Totals over many opened cases, per category or per month of the expense's date, and
 * per currency (amounts are never converted). Rejected spending is left out; spending
 * waiting for approval and flagged spending are counted apart from what was spent.
 * Expenses the member cannot open are skipped.
 */
export function expenseTotals(
  cases: readonly CaseEntries[],
  options: { readonly by: 'category' | 'month'; readonly threshold?: FundsThreshold },
): ExpenseTotal[] {
  return totalsOf(
    cases.flatMap((view) => caseExpenses(view, options.threshold ?? null)),
    options.by,
  );
}

/** The same totals over expenses already read (one case's, read once for both groupings). */
export function totalsOf(expenses: readonly Expense[], by: 'category' | 'month'): ExpenseTotal[] {
  const rows = new Map<string, ExpenseTotal>();
  for (const expense of expenses) {
    const details = expense.details;
    if (!details || expense.state === 'rejected') continue;
    const key = by === 'category' ? details.category : details.date.slice(0, 7);
    const id = `${key}\u0000${details.currency}`;
    const row = rows.get(id) ?? {
      key,
      currency: details.currency,
      spentMinor: 0,
      pendingMinor: 0,
      flaggedMinor: 0,
      count: 0,
    };
    const amount = details.amountMinor;
    rows.set(
      id,
      expense.flagged
        ? { ...row, flaggedMinor: row.flaggedMinor + amount }
        : expense.state === 'pending'
          ? { ...row, pendingMinor: row.pendingMinor + amount }
          : { ...row, spentMinor: row.spentMinor + amount, count: row.count + 1 },
    );
  }
  return [...rows.values()].sort(
    (a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency),
  );
}
