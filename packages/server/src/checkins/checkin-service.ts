import {
  type CheckinState,
  type MemberAlarm,
  maxAlarmsListed,
  maxCheckinsPerCase,
} from '@corridor/protocol';
import { audit } from '../audit/audit-log.ts';
import { heldCompartments } from '../cases/case-access.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/**
 * The server's state of a case's check-ins, for members whose teams hold `location` (where
 * the check-ins are written). Anyone else — the administrator too — gets `not_found`, as
 * for a case that does not exist, and the refusal is audited.
 */
export async function caseCheckinStates(
  db: Db,
  accountId: string,
  caseId: string,
  now: string,
): Promise<CheckinState[]> {
  const held = await heldCompartments(db, caseId, accountId);
  if (!held.has('location')) {
    await audit(db, accountId, 'case.refused', caseId, now, 'checkin.read');
    throw new ApiFailure('not_found');
  }
  const rows = await db
    .selectFrom('checkin')
    .leftJoin('checkin_alarm', 'checkin_alarm.checkin_id', 'checkin.id')
    .select([
      'checkin.id',
      'checkin.case_id',
      'checkin.purpose',
      'checkin.due_at',
      'checkin.grace_minutes',
      'checkin.status',
      'checkin.recorded_at',
      'checkin.word_salt',
      'checkin_alarm.id as alarm_id',
      'checkin_alarm.kind',
      'checkin_alarm.rung',
      'checkin_alarm.raised_at',
      'checkin_alarm.acknowledged_at',
      'checkin_alarm.acknowledged_by',
      'checkin_alarm.resolved_at',
    ])
    .where('checkin.case_id', '=', caseId)
    .orderBy('checkin.due_at')
    .limit(maxCheckinsPerCase)
    .execute();
  await audit(db, accountId, 'checkin.read', caseId, now);
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    purpose: r.purpose,
    dueAt: r.due_at,
    graceMinutes: r.grace_minutes,
    status: r.status,
    recordedAt: r.recorded_at,
    hasWords: r.word_salt !== null,
    alarm:
      r.alarm_id && r.kind && r.rung !== null && r.raised_at
        ? {
            id: r.alarm_id,
            kind: r.kind,
            rung: r.rung,
            raisedAt: r.raised_at,
            acknowledgedAt: r.acknowledged_at,
            acknowledgedBy: r.acknowledged_by,
            resolvedAt: r.resolved_at,
          }
        : null,
  }));
}

/**
 * The unresolved alarms a rung of their ladder alerted the member to: unacknowledged first,
 * then newest raised first. Only ids, times and flags; the member opens the case to read more.
 */
export async function listMemberAlarms(
  db: Db,
  accountId: string,
  now: string,
): Promise<{ alarms: MemberAlarm[]; unacknowledged: number }> {
  const rows = await db
    .selectFrom('checkin_alert')
    .innerJoin('checkin_alarm', 'checkin_alarm.id', 'checkin_alert.alarm_id')
    .innerJoin('checkin', 'checkin.id', 'checkin_alarm.checkin_id')
    .select((eb) => [
      'checkin_alarm.id',
      'checkin_alarm.case_id',
      'checkin_alarm.checkin_id',
      'checkin.purpose',
      'checkin_alarm.kind',
      'checkin_alarm.silent',
      'checkin.due_at',
      'checkin_alarm.rung',
      'checkin_alarm.raised_at',
      'checkin_alarm.acknowledged_at',
      'checkin_alarm.acknowledged_by',
      eb.fn.min('checkin_alert.alerted_at').as('alerted_at'),
    ])
    .where('checkin_alert.account_id', '=', accountId)
    .where('checkin_alarm.resolved_at', 'is', null)
    .groupBy([
      'checkin_alarm.id',
      'checkin_alarm.case_id',
      'checkin_alarm.checkin_id',
      'checkin.purpose',
      'checkin_alarm.kind',
      'checkin_alarm.silent',
      'checkin.due_at',
      'checkin_alarm.rung',
      'checkin_alarm.raised_at',
      'checkin_alarm.acknowledged_at',
      'checkin_alarm.acknowledged_by',
    ])
    .execute();
  await audit(db, accountId, 'alarm.list', null, now);
  const alarms = rows
    .map(
      (r): MemberAlarm => ({
        id: r.id,
        caseId: r.case_id,
        checkinId: r.checkin_id,
        purpose: r.purpose,
        kind: r.kind,
        silent: Number(r.silent) === 1,
        dueAt: r.due_at,
        rung: Number(r.rung),
        raisedAt: r.raised_at,
        alertedAt: String(r.alerted_at),
        acknowledgedAt: r.acknowledged_at,
        acknowledgedBy: r.acknowledged_by,
      }),
    )
    .sort(
      (a, b) =>
        Number(a.acknowledgedAt !== null) - Number(b.acknowledgedAt !== null) ||
        b.raisedAt.localeCompare(a.raisedAt),
    )
    .slice(0, maxAlarmsListed);
  return { alarms, unacknowledged: alarms.filter((a) => a.acknowledgedAt === null).length };
}

/**
 * Acknowledges an alarm: no further rung fires. Only a member it alerted (anyone else,
 * `not_found`). Acknowledging twice answers the first acknowledgement's time.
 */
export async function acknowledgeAlarm(
  db: Db,
  accountId: string,
  alarmId: string,
  now: string,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const alerted = await trx
      .selectFrom('checkin_alert')
      .innerJoin('checkin_alarm', 'checkin_alarm.id', 'checkin_alert.alarm_id')
      .select(['checkin_alarm.case_id', 'checkin_alarm.acknowledged_at'])
      .where('checkin_alert.alarm_id', '=', alarmId)
      .where('checkin_alert.account_id', '=', accountId)
      .executeTakeFirst();
    if (!alerted) throw new ApiFailure('not_found');
    const claimed = await trx
      .updateTable('checkin_alarm')
      .set({ acknowledged_at: now, acknowledged_by: accountId })
      .where('id', '=', alarmId)
      .where('acknowledged_at', 'is', null)
      .returning('acknowledged_at')
      .executeTakeFirst();
    if (!claimed) return alerted.acknowledged_at ?? now;
    await audit(trx, accountId, 'alarm.acknowledge', alerted.case_id, now, alarmId);
    return now;
  });
}
