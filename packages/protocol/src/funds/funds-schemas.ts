import { z } from 'zod';
import { OperationIdSchema } from '../cases/operations.ts';

const accountId = z.string().min(1).max(64);

/** An ISO 4217 currency code (`EUR`, `RUB`). */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/);

/** The most any one amount may be, in minor units: a trillion cents is no real expense. */
export const maxAmountMinor = 1_000_000_000_000;

/**
 * The organisation's approval threshold: spending above `amountMinor` (in the currency's
 * minor units: cents, kopecks) needs a second member's approval; spending in another
 * currency always does, as no browser can compare it fairly.
 */
export const FundsThresholdSchema = z
  .object({
    amountMinor: z.number().int().min(0).max(maxAmountMinor),
    currency: CurrencySchema,
  })
  .strict()
  .meta({ id: 'FundsThreshold' });
export type FundsThreshold = z.infer<typeof FundsThresholdSchema>;

/** Until an administrator sets one, every expense needs approval. */
export const defaultFundsThreshold: FundsThreshold = { amountMinor: 0, currency: 'EUR' };

export const FundsSettingSchema = z.object({
  threshold: FundsThresholdSchema,
  /** Who set it and when; null while the default is in force. */
  updatedBy: accountId.nullable(),
  updatedAt: z.string().max(40).nullable(),
});

/** Where an expense stands on the server. */
export const expenseStates = ['not_needed', 'pending', 'approved', 'rejected'] as const;
export const ExpenseStateSchema = z.enum(expenseStates);
export type ExpenseState = z.infer<typeof ExpenseStateSchema>;

/** What the server keeps of one expense: ids, the signed flag and the decision, never the amount. */
export const ExpenseStatusSchema = z.object({
  id: OperationIdSchema,
  addedSeq: z.number().int().min(1),
  addedBy: accountId,
  addedAt: z.string().max(40),
  needsApproval: z.boolean(),
  state: ExpenseStateSchema,
  decidedSeq: z.number().int().min(1).nullable(),
  decidedBy: accountId.nullable(),
  decidedAt: z.string().max(40).nullable(),
});
export type ExpenseStatus = z.infer<typeof ExpenseStatusSchema>;

/** A case holds at most this many expenses (its events are capped anyway). */
export const maxExpensesPerCase = 5_000;

export const ExpenseStatusList = z.object({
  expenses: z.array(ExpenseStatusSchema).max(maxExpensesPerCase),
});
