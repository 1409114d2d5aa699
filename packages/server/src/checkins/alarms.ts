import { randomToken } from '@corridor/crypto';
import { type LadderStep, LadderStepSchema } from '@corridor/protocol';
import { z } from 'zod';
import { enqueueAlarmNotices } from '../alerts/alert-outbox.ts';
import { audit } from '../audit/audit-log.ts';
import type { Storage } from '../storage/storage.ts';
import type { CheckinAlarmTable, CheckinTable } from './checkin-tables.ts';

type Db = Storage['db'];
type CheckinRow = CheckinTable;
type AlarmKind = CheckinAlarmTable['kind'];

const LadderJson = z.array(LadderStepSchema);

/** The ladder as it was signed and stored. */
export function ladderOf(checkin: Pick<CheckinRow, 'ladder'>): LadderStep[] {
  return LadderJson.parse(JSON.parse(checkin.ladder));
}

export const addMinutes = (iso: string, minutes: number) =>
  new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

/** When rung `rung` of the ladder fires, for an alarm raised at `raisedAt`; null past the last. */
export function rungTime(ladder: readonly LadderStep[], rung: number, raisedAt: string) {
  const step = ladder[rung];
  return step ? addMinutes(raisedAt, step.afterMinutes) : null;
}

/** What a missed check-in's alarm is about: a missed arrival, or lost contact after relocation. */
export const missedKind = (purpose: CheckinRow['purpose']): AlarmKind =>
  purpose === 'follow_up' ? 'lost_contact' : 'missed_arrival';

/**
 * Who one rung alerts, once each and only if active: the accounts it names that hold the
 * case's `location` through a team now (a named member who has left the case's teams is
 * not told about it), and the members of the teams it names (the duty team, which may
 * hold nothing of the case until it takes it on).
 */
export async function membersOfRung(db: Db, caseId: string, step: LadderStep): Promise<string[]> {
  const ids = new Set<string>();
  if (step.accountIds.length > 0) {
    const rows = await db
      .selectFrom('account')
      .innerJoin('team_member', 'team_member.account_id', 'account.id')
      .innerJoin('case_access', 'case_access.team_id', 'team_member.team_id')
      .select('account.id')
      .where('account.id', 'in', step.accountIds)
      .where('account.status', '=', 'active')
      .where('case_access.case_id', '=', caseId)
      .where('case_access.compartment', '=', 'location')
      .execute();
    for (const row of rows) ids.add(row.id);
  }
  if (step.teamIds.length > 0) {
    const rows = await db
      .selectFrom('team_member')
      .innerJoin('account', 'account.id', 'team_member.account_id')
      .select('account.id')
      .where('team_member.team_id', 'in', step.teamIds)
      .where('account.status', '=', 'active')
      .execute();
    for (const row of rows) ids.add(row.id);
  }
  return [...ids].sort();
}

/**
 * Whether a member may still see and acknowledge an alarm they were alerted to: active,
 * and holding the case's `location` through a team now or belonging to a team its ladder
 * names — the same as `membersOfRung` asks when a rung fires. A ladder that cannot be
 * read leaves only the first.
 */
export async function mayHandleAlarm(
  db: Db,
  accountId: string,
  caseId: string,
  ladderJson: string,
): Promise<boolean> {
  const active = await db
    .selectFrom('account')
    .select('id')
    .where('id', '=', accountId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!active) return false;
  const teams = await db
    .selectFrom('team_member')
    .leftJoin('case_access', (join) =>
      join
        .onRef('case_access.team_id', '=', 'team_member.team_id')
        .on('case_access.case_id', '=', caseId)
        .on('case_access.compartment', '=', 'location'),
    )
    .select(['team_member.team_id', 'case_access.case_id'])
    .where('team_member.account_id', '=', accountId)
    .execute();
  if (teams.some((t) => t.case_id !== null)) return true;
  let ladder: LadderStep[];
  try {
    ladder = ladderOf({ ladder: ladderJson });
  } catch {
    return false;
  }
  const named = new Set(ladder.flatMap((step) => step.teamIds));
  return teams.some((t) => named.has(t.team_id));
}

/**
 * Alert rows are keyed (check-in, rung, account). A duress check-in on an alarm already
 * raised starts the ladder again from rung 0, a new danger: its alerts are keyed from
 * `duressRungBase`, so they are new rows, not the missed alarm's (a ladder has 5 rungs).
 */
export const duressRungBase = 100;
/** The key of a rung's alert rows for an alarm of this kind. */
export const alertRung = (kind: AlarmKind, rung: number) =>
  kind === 'duress' ? duressRungBase + rung : rung;

/**
 * Writes the alert rows of one rung and its audit entry, in the caller's transaction —
 * the one whose conditional UPDATE claimed the rung. The primary key (check-in, rung,
 * account) makes a second writer of the same rung fail rather than alert twice.
 */
export async function fireRung(
  trx: Db,
  alarm: { id: string; kind: AlarmKind },
  checkin: Pick<CheckinRow, 'id' | 'case_id' | 'scheduled_by' | 'ladder'>,
  rung: number,
  at: string,
): Promise<number> {
  const step = ladderOf(checkin)[rung];
  if (!step) return 0;
  const members = await membersOfRung(trx, checkin.case_id, step);
  if (members.length > 0) {
    await trx
      .insertInto('checkin_alert')
      .values(
        members.map((accountId) => ({
          alarm_id: alarm.id,
          checkin_id: checkin.id,
          rung: alertRung(alarm.kind, rung),
          account_id: accountId,
          alerted_at: at,
        })),
      )
      .execute();
    // Telegram notices for those who chose them, committed with the alerts (alerts/).
    await enqueueAlarmNotices(trx, members, at);
  }
  await audit(
    trx,
    checkin.scheduled_by,
    'checkin.alarm',
    checkin.case_id,
    at,
    `${checkin.id} ${alarm.kind} rung ${rung}`,
  );
  return members.length;
}

/**
 * Raises a check-in's alarm at rung 0 (its first contact) in the caller's transaction,
 * which must have claimed the check-in's move to `missed` or `duress` first. Later rungs
 * are the sweep's, timed from `raisedAt`.
 */
export async function raiseAlarm(
  trx: Db,
  checkin: CheckinRow,
  kind: AlarmKind,
  raisedAt: string,
  now: string,
): Promise<string> {
  const ladder = ladderOf(checkin);
  const id = randomToken(16);
  const alarm = { id, kind };
  await trx
    .insertInto('checkin_alarm')
    .values({
      id,
      checkin_id: checkin.id,
      case_id: checkin.case_id,
      kind,
      silent: kind === 'duress' ? 1 : 0,
      rung: 0,
      next_at: rungTime(ladder, 1, raisedAt),
      raised_at: raisedAt,
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
    })
    .execute();
  await fireRung(trx, alarm, checkin, 0, now);
  return id;
}

/** Resolves a check-in's alarm, if it has one: it leaves the lists and escalates no further. */
export async function resolveAlarm(trx: Db, checkinId: string, now: string): Promise<void> {
  await trx
    .updateTable('checkin_alarm')
    .set({ resolved_at: now, next_at: null })
    .where('checkin_id', '=', checkinId)
    .where('resolved_at', 'is', null)
    .execute();
}

/**
 * A duress check-in: a silent alarm to the ladder at once. If the check-in was already
 * missed, its alarm turns into a duress one and starts again from rung 0 — a new danger,
 * so the first contact is alerted again (new alert rows, keyed from `duressRungBase`),
 * acknowledgement is asked again, and the ladder climbs again from now even if the missed
 * alarm had run out of rungs. Once: the caller's claim of the check-in's move to `duress`
 * (open statuses only) lets one duress through per check-in.
 */
export async function raiseDuress(trx: Db, checkin: CheckinRow, now: string): Promise<void> {
  const existing = await trx
    .selectFrom('checkin_alarm')
    .select(['id', 'kind'])
    .where('checkin_id', '=', checkin.id)
    .executeTakeFirst();
  if (!existing) {
    await raiseAlarm(trx, checkin, 'duress', now, now);
    return;
  }
  await trx
    .updateTable('checkin_alarm')
    .set({
      kind: 'duress',
      silent: 1,
      rung: 0,
      raised_at: now,
      next_at: rungTime(ladderOf(checkin), 1, now),
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
    })
    .where('id', '=', existing.id)
    .execute();
  await fireRung(trx, { id: existing.id, kind: 'duress' }, checkin, 0, now);
}
