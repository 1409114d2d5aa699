import type { Clock } from '../auth/clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { Storage } from '../storage/storage.ts';
import { fireRung, ladderOf, missedKind, raiseAlarm, rungTime } from './alarms.ts';

type Db = Storage['db'];

/** How often the sweep runs when the installation sets nothing (CORRIDOR_ALARM_SWEEP_SECONDS). */
export const defaultAlarmSweepIntervalMs = 15_000;
/** Rows one transaction claims, so a burst of due check-ins never holds locks for long. */
const batch = 50;

/**
 * Moves every pending check-in past due+grace to `missed` and raises its alarm at rung 0,
 * timed from the deadline (so after a restart the later rungs keep their planned times).
 * The claim is the conditional UPDATE on `status = 'pending'`: on PostgreSQL a second
 * instance's UPDATE of the same row waits for the first to commit, re-checks the
 * condition and matches nothing, so each check-in is raised once, with its alerts and
 * audit entry in the same transaction.
 */
export async function raiseMissedCheckins(db: Db, now: string): Promise<number> {
  let raised = 0;
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('checkin')
        .set({ status: 'missed' })
        .where('status', '=', 'pending')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('checkin')
            .select('id')
            .where('status', '=', 'pending')
            .where('deadline', '<=', now)
            .orderBy('deadline')
            .limit(batch),
        )
        .returningAll()
        .execute();
      for (const row of rows)
        await raiseAlarm(trx, row, missedKind(row.purpose), row.deadline, now);
      return rows.length;
    });
    raised += claimed;
    if (claimed < batch) return raised;
  }
}

/**
 * Fires every rung whose time has come on alarms neither acknowledged nor resolved, one
 * rung per alarm per pass, passes repeated until none is due (a server that was down
 * fires the missed rungs in order). Each rung is claimed by a compare-and-set on the
 * alarm's `rung`, in the transaction that writes its alerts and audit entry.
 */
export async function escalateAlarms(db: Db, now: string): Promise<number> {
  let fired = 0;
  for (;;) {
    const due = await db
      .selectFrom('checkin_alarm')
      .innerJoin('checkin', 'checkin.id', 'checkin_alarm.checkin_id')
      .select([
        'checkin_alarm.id as alarmId',
        'checkin_alarm.kind',
        'checkin_alarm.rung',
        'checkin_alarm.raised_at',
        'checkin.id',
        'checkin.case_id',
        'checkin.scheduled_by',
        'checkin.ladder',
      ])
      .where('checkin_alarm.next_at', 'is not', null)
      .where('checkin_alarm.next_at', '<=', now)
      .where('checkin_alarm.acknowledged_at', 'is', null)
      .where('checkin_alarm.resolved_at', 'is', null)
      .orderBy('checkin_alarm.next_at')
      .limit(batch)
      .execute();
    let firedThisPass = 0;
    for (const alarm of due) {
      const rung = alarm.rung + 1;
      const nextAt = rungTime(ladderOf(alarm), rung + 1, alarm.raised_at);
      const done = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('checkin_alarm')
          .set({ rung, next_at: nextAt })
          .where('id', '=', alarm.alarmId)
          .where('rung', '=', alarm.rung)
          .where('acknowledged_at', 'is', null)
          .where('resolved_at', 'is', null)
          .returning('kind')
          .executeTakeFirst();
        if (!claimed) return false;
        await fireRung(trx, { id: alarm.alarmId, kind: claimed.kind }, alarm, rung, now);
        return true;
      });
      if (done) firedThisPass += 1;
    }
    fired += firedThisPass;
    if (due.length === 0 || firedThisPass === 0) return fired;
  }
}

/** One sweep: raise what was missed, then escalate what is due. */
export async function sweepAlarms(db: Db, clock: Clock): Promise<void> {
  const now = clock().toISOString();
  await raiseMissedCheckins(db, now);
  await escalateAlarms(db, now);
}

/** The running sweep: `stop` ends the timer; `idle` waits for a sweep under way to finish. */
export interface AlarmScheduler {
  stop(): void;
  idle(): Promise<void>;
}

/**
 * Starts the periodic sweep. Runs are never overlapped within one instance; across
 * instances the claims above keep each transition to one.
 */
export function startAlarmScheduler(
  db: Db,
  clock: Clock,
  logger: Logger,
  intervalMs = defaultAlarmSweepIntervalMs,
): AlarmScheduler {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running !== null) return;
    running = sweepAlarms(db, clock)
      .catch((error: unknown) => logger.error({ err: error }, 'alarm sweep failed'))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    // Closing the database under a sweep would fail it halfway (rolled back, but logged).
    idle: async () => {
      await running;
    },
  };
}
