import { type CheckinState, type Stage, stages } from '@corridor/protocol';
import type { ExpenseTotal } from '../funds/expense-totals.ts';
import type { RescueDigest } from './rescue-digest.ts';

/** A case as the dashboard lists it. */
export interface DigestedCase {
  readonly caseId: string;
  readonly title: string | null;
  readonly rescue: RescueDigest;
}

export interface EvacuationRow {
  readonly caseId: string;
  readonly title: string | null;
  readonly riskLevel: number;
  readonly legs: number;
  readonly arrived: number;
  readonly current: NonNullable<RescueDigest['evacuation']>['current'];
  /** The earliest open check-in; `overdue` once its grace has passed. */
  readonly nextCheckin: {
    readonly dueAt: string;
    readonly overdue: boolean;
    /** The evacuee used the duress word: most urgent of all. */
    readonly duress: boolean;
  } | null;
}

export interface OverdueCheckin {
  readonly caseId: string;
  readonly title: string | null;
  readonly checkinId: string;
  readonly purpose: 'arrival' | 'follow_up';
  readonly dueAt: string;
  /** Due time plus grace: from then on the person has not been heard from. */
  readonly overdueSince: string;
  /** Checked in with the duress word (or recorded so): listed first, whatever the time. */
  readonly duress: boolean;
}

export interface DestinationRow {
  readonly country: string;
  readonly cases: number;
  /** Of those, still on the way (planning, in progress or stalled). */
  readonly underway: number;
}

export interface CoordinatorDashboard {
  readonly total: number;
  readonly byStage: Readonly<Record<Stage, number>>;
  /** Oldest first: the person unheard of longest is the first to look for. */
  readonly overdueCheckins: readonly OverdueCheckin[];
  /** Cases with legs still to travel: overdue check-ins first, then by next check-in. */
  readonly evacuations: readonly EvacuationRow[];
  /** Most cases first. */
  readonly destinations: readonly DestinationRow[];
  /** Spending over every case the member can read the ledger of, summed per currency. */
  readonly spending: {
    readonly byCategory: readonly ExpenseTotal[];
    readonly byMonth: readonly ExpenseTotal[];
  };
}

/** Adds rows of the same key and currency together, in key then currency order. */
function sumTotals(rows: Iterable<ExpenseTotal>): ExpenseTotal[] {
  const sums = new Map<string, ExpenseTotal>();
  for (const row of rows) {
    const id = `${row.key}\u0000${row.currency}`;
    const before = sums.get(id);
    sums.set(
      id,
      before
        ? {
            ...before,
            spentMinor: before.spentMinor + row.spentMinor,
            pendingMinor: before.pendingMinor + row.pendingMinor,
            flaggedMinor: before.flaggedMinor + row.flaggedMinor,
            count: before.count + row.count,
          }
        : row,
    );
  }
  return [...sums.values()].sort(
    (a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency),
  );
}

const overdueAt = (checkin: { dueAt: string; graceMinutes: number }) =>
  Date.parse(checkin.dueAt) + checkin.graceMinutes * 60_000;

/**
 * The coordinators' view of every case the member can read: computed in the browser from
 * the decrypted cases, so it shows exactly what the member may see and no server learns
 * which routes are watched.
 */
export function coordinatorDashboard(
  cases: Iterable<DigestedCase>,
  now: Date,
  /**
   * The server's states of the caseload's check-ins (`loadCaseloadCheckinStates`): a check-in
   * the evacuee made by word is in no signed event, only there. Without them, check-ins
   * closed by word still show as open.
   */
  serverStates: readonly CheckinState[] = [],
): CoordinatorDashboard {
  const stateOf = new Map(serverStates.map((state) => [state.id, state.status]));
  const closedByWord = new Set(['on_time', 'late', 'cancelled']);
  const byStage = Object.fromEntries(stages.map((stage) => [stage, 0])) as Record<Stage, number>;
  const overdueCheckins: OverdueCheckin[] = [];
  const evacuations: EvacuationRow[] = [];
  const destinations = new Map<string, { cases: number; underway: number }>();
  const byCategory: ExpenseTotal[] = [];
  const byMonth: ExpenseTotal[] = [];
  let total = 0;
  for (const { caseId, title, rescue } of cases) {
    total += 1;
    byCategory.push(...rescue.spending.byCategory);
    byMonth.push(...rescue.spending.byMonth);
    byStage[rescue.stage] += 1;
    const open =
      rescue.stage === 'closed'
        ? []
        : rescue.openCheckins.filter((c) => !closedByWord.has(stateOf.get(c.id) ?? 'pending'));
    for (const checkin of open) {
      const since = overdueAt(checkin);
      const duress = stateOf.get(checkin.id) === 'duress';
      if (since <= now.getTime() || duress) {
        overdueCheckins.push({
          caseId,
          title,
          checkinId: checkin.id,
          purpose: checkin.purpose,
          dueAt: checkin.dueAt,
          overdueSince: new Date(since).toISOString(),
          duress,
        });
      }
    }
    const evacuation = rescue.evacuation;
    if (evacuation?.current && rescue.stage !== 'closed') {
      const first = open[0];
      evacuations.push({
        caseId,
        title,
        riskLevel: rescue.riskLevel,
        legs: evacuation.legs,
        arrived: evacuation.arrived,
        current: evacuation.current,
        nextCheckin: first
          ? {
              dueAt: first.dueAt,
              overdue: overdueAt(first) <= now.getTime() || stateOf.get(first.id) === 'duress',
              duress: stateOf.get(first.id) === 'duress',
            }
          : null,
      });
    }
    if (rescue.relocation) {
      const country = rescue.relocation.country;
      const row = destinations.get(country) ?? { cases: 0, underway: 0 };
      row.cases += 1;
      if (!['arrived', 'settled'].includes(rescue.relocation.status)) row.underway += 1;
      destinations.set(country, row);
    }
  }
  const nextDue = (row: EvacuationRow) =>
    row.nextCheckin ? Date.parse(row.nextCheckin.dueAt) : Number.POSITIVE_INFINITY;
  evacuations.sort(
    (a, b) =>
      Number(b.nextCheckin?.duress ?? false) - Number(a.nextCheckin?.duress ?? false) ||
      Number(b.nextCheckin?.overdue ?? false) - Number(a.nextCheckin?.overdue ?? false) ||
      nextDue(a) - nextDue(b) ||
      b.riskLevel - a.riskLevel,
  );
  overdueCheckins.sort(
    (a, b) =>
      Number(b.duress) - Number(a.duress) ||
      Date.parse(a.overdueSince) - Date.parse(b.overdueSince),
  );
  return {
    total,
    byStage,
    overdueCheckins,
    evacuations,
    destinations: [...destinations.entries()]
      .map(([country, row]) => ({ country, ...row }))
      .sort((a, b) => b.cases - a.cases || a.country.localeCompare(b.country)),
    spending: { byCategory: sumTotals(byCategory), byMonth: sumTotals(byMonth) },
  };
}
