import { CurrencySchema, type FundsThreshold, maxAmountMinor } from '@corridor/protocol';
import { z } from 'zod';

/** What the Network spent on (its 2017 figures: social workers, travel, visas, …). */
export const expenseCategories = [
  'social_worker',
  'travel',
  'visa',
  'housing',
  'food',
  'medical',
  'documents',
  'other',
] as const;
export type ExpenseCategory = (typeof expenseCategories)[number];

/**
 * What an `expense.added` event holds, encrypted in `general`: all the server never
 * learns. `receipt` is the seq of an `attachment.added` event on the same case.
 */
export const ExpenseDetailsSchema = z.object({
  category: z.enum(expenseCategories),
  /** In the currency's minor units (cents, kopecks): no rounding in totals. */
  amountMinor: z.number().int().min(1).max(maxAmountMinor),
  currency: CurrencySchema,
  /** The day it was spent, `YYYY-MM-DD`. */
  date: z.iso.date(),
  paidBy: z.string().max(200),
  note: z.string().max(4000),
  receipt: z.number().int().min(1).nullable(),
});
export type ExpenseDetails = z.infer<typeof ExpenseDetailsSchema>;

export type FundsInputErrorCode =
  | 'invalid_expense'
  | 'receipt_not_attachment'
  | 'expense_not_found'
  | 'approval_not_needed'
  | 'own_expense'
  | 'not_pending';

/** Thrown before anything is written: the server would refuse it, or it is malformed. */
export class FundsInputError extends Error {
  constructor(readonly code: FundsInputErrorCode) {
    super(code.replaceAll('_', ' '));
  }
}

/**
 * Whether spending needs a second member: above the threshold, or in another currency
 * than the threshold's (no browser can convert it fairly, so it asks a person).
 */
export function needsApproval(
  expense: Pick<ExpenseDetails, 'amountMinor' | 'currency'>,
  threshold: FundsThreshold,
): boolean {
  return expense.currency !== threshold.currency || expense.amountMinor > threshold.amountMinor;
}
