import type { LadderStep } from '@corridor/protocol';
import type { MemberSession } from '../auth/log-in.ts';
import type { TeamKeyring } from '../cases/case-keys.ts';
import { type CaseView, openCase } from '../cases/cases.ts';
import {
  type CaseCheckin,
  cancelCheckin,
  caseCheckins,
  scheduleCheckin,
} from '../checkins/checkins.ts';
import { relocation } from './relocation.ts';

/**
 * Follow-ups after arrival, in days: people relocated in 2017-18 were still hunted after
 * arrival (seven kidnapping attempts), so contact is checked at one, three and six months.
 */
export const followUpDays = [30, 90, 180] as const;
export type FollowUpDay = (typeof followUpDays)[number];

export const followUpRef = (days: FollowUpDay) => `follow-up-${days}`;

/** A follow-up is due at noon UTC on its day, with a day's grace: a call that day is enough. */
const dueHourUtc = 12;
export const followUpGraceMinutes = 24 * 60;

export function followUpDueAt(arrivalDate: string, days: FollowUpDay): string {
  const due = new Date(`${arrivalDate}T${String(dueHourUtc).padStart(2, '0')}:00:00Z`);
  due.setUTCDate(due.getUTCDate() + days);
  return due.toISOString();
}

/**
 * Who a missed follow-up alerts unless the coordinator chooses otherwise: the coordinator
 * at once, then the teams holding the case's `location` an hour later.
 */
export function defaultFollowUpLadder(session: MemberSession, view: CaseView): LadderStep[] {
  const teams = [
    ...new Set(view.access.filter((a) => a.compartment === 'location').map((a) => a.teamId)),
  ].slice(0, 5);
  const ladder: LadderStep[] = [{ afterMinutes: 0, accountIds: [session.account.id], teamIds: [] }];
  if (teams.length > 0) ladder.push({ afterMinutes: 60, accountIds: [], teamIds: teams });
  return ladder;
}

export interface FollowUp {
  readonly days: FollowUpDay;
  readonly dueAt: string;
  /** The check-in behind it, or null when none is scheduled yet. */
  readonly checkin: CaseCheckin | null;
}

/** The case's three follow-ups as its check-ins say (the latest scheduled for each). */
export function followUps(view: CaseView): FollowUp[] {
  const record = relocation(view);
  const checkins = caseCheckins(view).filter((c) => c.purpose === 'follow_up');
  return followUpDays.map((days) => {
    const mine = checkins.filter((c) => c.ref === followUpRef(days));
    const live = mine.filter((c) => c.status !== 'cancelled');
    const checkin = live.at(-1) ?? mine.at(-1) ?? null;
    return {
      days,
      dueAt: record?.arrivalDate ? followUpDueAt(record.arrivalDate, days) : (checkin?.dueAt ?? ''),
      checkin,
    };
  });
}

/**
 * Brings the follow-ups in line with the arrival date: schedules each one missing, and
 * moves one scheduled for another arrival date (cancelled, then scheduled again). Each
 * step is its own signed check-in event, so the case is reopened between them.
 * @returns the case as it is afterwards, and how many check-ins were scheduled
 */
export async function scheduleFollowUps(
  session: MemberSession,
  ring: TeamKeyring,
  caseId: string,
  ladder?: readonly LadderStep[],
): Promise<{ view: CaseView; scheduled: number }> {
  let view = await openCase(session, ring, caseId);
  const arrivalDate = relocation(view)?.arrivalDate;
  if (!arrivalDate) return { view, scheduled: 0 };
  const chosen = ladder && ladder.length > 0 ? ladder : defaultFollowUpLadder(session, view);
  let scheduled = 0;
  for (const days of followUpDays) {
    const dueAt = followUpDueAt(arrivalDate, days);
    const current = caseCheckins(view).filter(
      (c) => c.purpose === 'follow_up' && c.ref === followUpRef(days) && c.status === 'scheduled',
    );
    if (current.some((c) => c.dueAt === dueAt)) continue;
    for (const stale of current) {
      await cancelCheckin(session, view, stale.id);
      view = await openCase(session, ring, caseId);
    }
    await scheduleCheckin(session, view, {
      ref: followUpRef(days),
      note: '',
      purpose: 'follow_up',
      dueAt,
      graceMinutes: followUpGraceMinutes,
      ladder: chosen,
      conversationId: null,
      words: null,
    });
    scheduled += 1;
    view = await openCase(session, ring, caseId);
  }
  return { view, scheduled };
}
