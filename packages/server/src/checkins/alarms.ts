import { randomToken } from '@corridor/crypto';
import { type LadderStep, LadderStepSchema } from '@corridor/protocol';
import { z } from 'zod';
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

/** Who one rung alerts: its active accounts and the active members of its teams, once each. */
export async function membersOfRung(db: Db, step: LadderStep): Promise<string[]> {
  const ids = new Set<string>();
  if (step.accountIds.length > 0) {
    const rows = await db
      .selectFrom('account')
      .select('id')
      .where('id', 'in', step.accountIds)
      .where('status', '=', 'active')
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
  const members = await membersOfRung(trx, step);
  if (members.length > 0) {
    await trx
      .insertInto('checkin_alert')
      .values(
        members.map((accountId) => ({
          alarm_id: alarm.id,
          checkin_id: checkin.id,
          rung,
          account_id: accountId,
          alerted_at: at,
        })),
      )
      .execute();
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
 * missed, its alarm turns into a duress one and asks for acknowledgement again (a new
 * danger), escalating on from its rung.
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
    .set({ kind: 'duress', silent: 1, acknowledged_at: null, acknowledged_by: null })
    .where('id', '=', existing.id)
    .execute();
  await audit(
    trx,
    checkin.scheduled_by,
    'checkin.alarm',
    checkin.case_id,
    now,
    `${checkin.id} duress`,
  );
}
