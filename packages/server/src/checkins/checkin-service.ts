import {
  type CheckinState,
  caseloadCheckinDays,
  type MemberAlarm,
  maxAlarmsListed,
  maxCaseloadCheckins,
  maxCheckinsPerCase,
} from '@corridor/protocol';
import { sql } from 'kysely';
import { audit } from '../audit/audit-log.ts';
import { heldCompartments } from '../cases/case-access.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { mayHandleAlarm } from './alarms.ts';

type Db = Storage['db'];

/**
 * Refuses a member whose teams do not hold the case's `location` (where the check-ins are
 * written) — the administrator too — with `not_found`, as for a case that does not exist,
 * and puts the refusal on record.
 */
export async function requireCheckinReader(
  db: Db,
  accountId: string,
  caseId: string,
  now: string,
): Promise<void> {
  const held = await heldCompartments(db, caseId, accountId);
  if (!held.has('location')) {
    await audit(db, accountId, 'case.refused', caseId, now, 'checkin.read');
    throw new ApiFailure('not_found');
  }
}

/** The columns of a check-in and its alarm that a state carries. */
const stateQuery = (db: Db) =>
  db
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
    ]);

type StateRow = Awaited<ReturnType<ReturnType<typeof stateQuery>['execute']>>[number];

const toState = (r: StateRow): CheckinState => ({
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
          rung: Number(r.rung),
          raisedAt: r.raised_at,
          acknowledgedAt: r.acknowledged_at,
          acknowledgedBy: r.acknowledged_by,
          resolvedAt: r.resolved_at,
        }
      : null,
});

/**
 * The server's state of a case's check-ins, for members whose teams hold `location`
 * (`requireCheckinReader` first).
 */
export async function caseCheckinStates(
  db: Db,
  accountId: string,
  caseId: string,
  now: string,
): Promise<CheckinState[]> {
  await requireCheckinReader(db, accountId, caseId, now);
  const rows = await stateQuery(db)
    .where('checkin.case_id', '=', caseId)
    .orderBy('checkin.due_at')
    .limit(maxCheckinsPerCase)
    .execute();
  await audit(db, accountId, 'checkin.read', caseId, now);
  return rows.map(toState);
}

/**
 * The state of the check-ins of every case whose `location` the member's teams hold: the
 * open ones and those closed in the last `caseloadCheckinDays` days, due time first, at
 * most `maxCaseloadCheckins` (the dashboard's view). Put on record as a list read, with
 * no case id, like `case.list`.
 */
export async function caseloadCheckinStates(
  db: Db,
  accountId: string,
  now: string,
): Promise<CheckinState[]> {
  const since = new Date(Date.parse(now) - caseloadCheckinDays * 24 * 60 * 60_000).toISOString();
  const rows = await stateQuery(db)
    .where('checkin.case_id', 'in', (eb) =>
      eb
        .selectFrom('case_access')
        .innerJoin('team_member', 'team_member.team_id', 'case_access.team_id')
        .select('case_access.case_id')
        .where('team_member.account_id', '=', accountId)
        .where('case_access.compartment', '=', 'location'),
    )
    .where((eb) =>
      eb.or([
        eb('checkin.status', 'in', ['pending', 'missed']),
        eb('checkin.recorded_at', '>=', since),
      ]),
    )
    .orderBy('checkin.due_at')
    .orderBy('checkin.id')
    .limit(maxCaseloadCheckins)
    .execute();
  await audit(db, accountId, 'checkin.list', null, now);
  return rows.map(toState);
}

/** `%`, `_` and `\` matched as themselves in a LIKE pattern (with `escape '\'`). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The unresolved alarms a rung of their ladder alerted the member to: unacknowledged first,
 * then newest raised first. Only ids, times and flags; the member opens the case to read more.
 */
export async function listMemberAlarms(
  db: Db,
  accountId: string,
  now: string,
): Promise<{ alarms: MemberAlarm[]; unacknowledged: number }> {
  const teams = (
    await db
      .selectFrom('team_member')
      .innerJoin('account', 'account.id', 'team_member.account_id')
      .select('team_member.team_id')
      .where('team_member.account_id', '=', accountId)
      .where('account.status', '=', 'active')
      .execute()
  ).map((t) => t.team_id);
  const rows =
    teams.length === 0
      ? []
      : await db
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
          // Only while the member may still handle it (as `mayHandleAlarm`): a team of
          // theirs holds the case's location, or the ladder names a team of theirs (the
          // ladder is JSON; a team id appears in it as its JSON string).
          .where((eb) =>
            eb.or([
              eb.exists(
                eb
                  .selectFrom('case_access')
                  .select('case_access.team_id')
                  .whereRef('case_access.case_id', '=', 'checkin_alarm.case_id')
                  .where('case_access.compartment', '=', 'location')
                  .where('case_access.team_id', 'in', teams),
              ),
              ...teams.map(
                (team) =>
                  sql<boolean>`${sql.ref('checkin.ladder')} like ${`%${likeLiteral(JSON.stringify(team))}%`} escape '\\'`,
              ),
            ]),
          )
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
          // Unacknowledged first, then the newest raised.
          .orderBy(
            sql`case when ${sql.ref('checkin_alarm.acknowledged_at')} is null then 0 else 1 end`,
          )
          .orderBy('checkin_alarm.raised_at', 'desc')
          .orderBy('checkin_alarm.id')
          .limit(maxAlarmsListed)
          .execute();
  await audit(db, accountId, 'alarm.list', null, now);
  const alarms = rows.map(
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
  );
  return { alarms, unacknowledged: alarms.filter((a) => a.acknowledgedAt === null).length };
}

/**
 * Acknowledges an alarm: no further rung fires. Only a member it alerted who may still
 * handle it (`mayHandleAlarm`); anyone else, `not_found`. Acknowledging twice answers the
 * first acknowledgement's time.
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
      .innerJoin('checkin', 'checkin.id', 'checkin_alarm.checkin_id')
      .select(['checkin_alarm.case_id', 'checkin_alarm.acknowledged_at', 'checkin.ladder'])
      .where('checkin_alert.alarm_id', '=', alarmId)
      .where('checkin_alert.account_id', '=', accountId)
      .executeTakeFirst();
    if (!alerted) throw new ApiFailure('not_found');
    if (!(await mayHandleAlarm(trx, accountId, alerted.case_id, alerted.ladder)))
      throw new ApiFailure('not_found');
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
