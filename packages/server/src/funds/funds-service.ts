import {
  defaultFundsThreshold,
  type ExpenseStatus,
  type FundsSettingSchema,
  type FundsThreshold,
  maxExpensesPerCase,
} from '@corridor/protocol';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import { heldCompartments } from '../cases/case-access.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];
type FundsSetting = z.infer<typeof FundsSettingSchema>;

/** The organisation's approval threshold, or the default (every expense needs approval). */
export async function fundsSetting(db: Db): Promise<FundsSetting> {
  const row = await db.selectFrom('funds_setting').selectAll().executeTakeFirst();
  if (!row) return { threshold: defaultFundsThreshold, updatedBy: null, updatedAt: null };
  return {
    threshold: { amountMinor: Number(row.threshold_minor), currency: row.threshold_currency },
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** Sets the threshold and records who did it, in one transaction. */
export async function setFundsThreshold(
  storage: Storage,
  adminId: string,
  threshold: FundsThreshold,
  now: string,
): Promise<FundsSetting> {
  return storage.db.transaction().execute(async (trx) => {
    const values = {
      threshold_minor: threshold.amountMinor,
      threshold_currency: threshold.currency,
      updated_by: adminId,
      updated_at: now,
    };
    await trx
      .insertInto('funds_setting')
      .values({ singleton: 1, ...values })
      .onConflict((c) => c.column('singleton').doUpdateSet(values))
      .execute();
    // The amount is organisation policy, not case content; the entry names only the change.
    await audit(trx, adminId, 'funds.setting', null, now, 'threshold');
    return fundsSetting(trx);
  });
}

/**
 * What the server holds of a case's expenses, for members whose teams hold its `general`
 * part (where the expenses are); anyone else — administrators included — gets `not_found`,
 * and the refusal is on record. The read is audited as a read of the case.
 */
export async function caseExpenseStates(
  storage: Storage,
  accountId: string,
  caseId: string,
  now: string,
): Promise<ExpenseStatus[]> {
  const held = await heldCompartments(storage.db, caseId, accountId);
  if (!held.has('general')) {
    await audit(storage.db, accountId, 'case.refused', caseId, now, 'case.read');
    throw new ApiFailure('not_found');
  }
  const rows = await storage.db
    .selectFrom('case_expense')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('added_seq')
    .limit(maxExpensesPerCase)
    .execute();
  await audit(storage.db, accountId, 'case.read', caseId, now, 'expenses');
  return rows.map((row) => ({
    id: row.id,
    addedSeq: Number(row.added_seq),
    addedBy: row.added_by,
    addedAt: row.added_at,
    needsApproval: Number(row.needs_approval) === 1,
    state: row.state,
    decidedSeq: row.decided_seq === null ? null : Number(row.decided_seq),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
  }));
}
