import type { Stage, VerificationOutcome } from '@corridor/protocol';
import type { TimelineEntry } from '../cases/case-events.ts';
import type { CaseEntries } from '../cases/cases.ts';
import { type CaseCheckin, caseCheckins } from '../checkins/checkins.ts';
import { evacuationPlan } from '../evacuation/evacuation-plan.ts';
import { type ExpenseTotal, totalsOf } from '../funds/expense-totals.ts';
import { caseExpenses } from '../funds/expenses.ts';
import type { RelocationRoute, RelocationStatus } from '../relocation/relocation.ts';
import { relocation } from '../relocation/relocation.ts';

/** The little of a case the coordinators' dashboard needs, made where the case is decrypted. */
export interface RescueDigest {
  readonly stage: Stage;
  readonly riskLevel: number;
  readonly verification: VerificationOutcome;
  /** Null when the member cannot read `location` or no leg is planned. */
  readonly evacuation: {
    readonly legs: number;
    readonly arrived: number;
    /** The first leg not yet arrived or cancelled: where the person is headed now. */
    readonly current: {
      readonly from: string;
      readonly to: string;
      readonly status: 'planned' | 'departed';
      readonly departureAt: string;
      readonly arrivalAt: string;
    } | null;
  } | null;
  /** Scheduled check-ins not yet recorded or cancelled, as the signed events say, earliest first. */
  readonly openCheckins: readonly Pick<CaseCheckin, 'id' | 'purpose' | 'dueAt' | 'graceMinutes'>[];
  readonly relocation: {
    readonly country: string;
    readonly city: string;
    readonly route: RelocationRoute;
    readonly status: RelocationStatus;
  } | null;
  /** What the case spent, per category and per month, in each currency (never converted). */
  readonly spending: {
    readonly byCategory: readonly ExpenseTotal[];
    readonly byMonth: readonly ExpenseTotal[];
  };
}

/** What a case spent, per category and per month, read once for both groupings. */
export function caseSpending(view: CaseEntries): RescueDigest['spending'] {
  const expenses = caseExpenses(view, null);
  return { byCategory: totalsOf(expenses, 'category'), byMonth: totalsOf(expenses, 'month') };
}

/** The workflow the digest starts from: the case's summary as the server shows it (checked). */
export interface DigestSummary {
  readonly stage: Stage;
  readonly riskLevel: number;
  readonly verification: { readonly outcome: VerificationOutcome };
}

/**
 * Reads a case's plan, check-ins and relocation from its checked, decrypted timeline. It
 * runs in the unlock workers for every case, so it only reads what those readers read.
 */
export function rescueDigest(
  summary: DigestSummary,
  entries: readonly TimelineEntry[],
  read: {
    readonly plan: ReturnType<typeof evacuationPlan>;
    readonly relocation: ReturnType<typeof relocation>;
  } = {
    plan: evacuationPlan({ timeline: { entries } }),
    relocation: relocation({ timeline: { entries } }),
  },
): RescueDigest {
  const view = { timeline: { entries } };
  const plan = read.plan;
  const live = plan.legs.filter((leg) => leg.status !== 'cancelled');
  const next = live.find((leg) => leg.status === 'planned' || leg.status === 'departed');
  const record = read.relocation;
  return {
    stage: summary.stage,
    riskLevel: summary.riskLevel,
    verification: summary.verification.outcome,
    evacuation:
      plan.legs.length === 0
        ? null
        : {
            legs: live.length,
            arrived: live.filter((leg) => leg.status === 'arrived').length,
            current:
              next && (next.status === 'planned' || next.status === 'departed')
                ? {
                    from: next.from,
                    to: next.to,
                    status: next.status,
                    departureAt: next.departureAt,
                    arrivalAt: next.arrivalAt,
                  }
                : null,
          },
    openCheckins: caseCheckins(view)
      .filter((checkin) => checkin.status === 'scheduled')
      .map(({ id, purpose, dueAt, graceMinutes }) => ({ id, purpose, dueAt, graceMinutes }))
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)),
    relocation: record
      ? {
          country: record.destination.country,
          city: record.destination.city,
          route: record.route,
          status: record.status,
        }
      : null,
    spending: caseSpending(view),
  };
}
