import type { Clock } from '../auth/clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { Storage } from '../storage/storage.ts';
import { fireRung, ladderOf, missedKind, raiseAlarm, rungTime } from './alarms.ts';

type Db = Storage['db'];

/** How often the sweep runs when the installation sets nothing (CORRIDOR_ALARM_SWEEP_SECONDS). */
export const defaultAlarmSweepIntervalMs = 15_000;
/** Rows one query picks up, so a burst of due check-ins is read a slice at a time. */
const batch = 50;

/** Where the sweep says that one check-in or alarm failed: ids only, never content. */
export type AlarmLog = Pick<Logger, 'error'>;

/**
 * Moves every pending check-in past due+grace to `missed` and raises its alarm at rung 0,
 * timed from the deadline (so after a restart the later rungs keep their planned times).
 * Each check-in in its own transaction: one that cannot be raised (a row the code cannot
 * read) is logged and left pending for the next sweep, and holds up no other. The claim
 * is the conditional UPDATE on `status = 'pending'`: on PostgreSQL a second instance's
 * UPDATE of the same row waits for the first to commit, re-checks the condition and
 * matches nothing, so each check-in is raised once, with its alerts and audit entry.
 */
export async function raiseMissedCheckins(db: Db, now: string, log: AlarmLog): Promise<number> {
  let raised = 0;
  const failed = new Set<string>();
  for (;;) {
    const due = await db
      .selectFrom('checkin')
      .select('id')
      .where('status', '=', 'pending')
      .where('deadline', '<=', now)
      .orderBy('deadline')
      .orderBy('id')
      .limit(batch + failed.size)
      .execute();
    const todo = due.filter((row) => !failed.has(row.id));
    if (todo.length === 0) return raised;
    for (const { id } of todo) {
      try {
        const done = await db.transaction().execute(async (trx) => {
          const row = await trx
            .updateTable('checkin')
            .set({ status: 'missed' })
            .where('id', '=', id)
            .where('status', '=', 'pending')
            .returningAll()
            .executeTakeFirst();
          if (!row) return false;
          await raiseAlarm(trx, row, missedKind(row.purpose), row.deadline, now);
          return true;
        });
        if (done) raised += 1;
      } catch (error: unknown) {
        failed.add(id);
        log.error({ err: error, checkinId: id }, 'check-in alarm could not be raised');
      }
    }
  }
}

/**
 * Fires every rung whose time has come on alarms neither acknowledged nor resolved, one
 * rung per alarm per pass, passes repeated until none is due (a server that was down
 * fires the missed rungs in order). Each rung is claimed by a compare-and-set on the
 * alarm's `rung`, in its own transaction that writes its alerts and audit entry; one
 * that fails is logged, left for the next sweep, and stops no other.
 */
export async function escalateAlarms(db: Db, now: string, log: AlarmLog): Promise<number> {
  let fired = 0;
  const failed = new Set<string>();
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
      .orderBy('checkin_alarm.id')
      .limit(batch + failed.size)
      .execute();
    const todo = due.filter((alarm) => !failed.has(alarm.alarmId));
    let firedThisPass = 0;
    for (const alarm of todo) {
      try {
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
      } catch (error: unknown) {
        failed.add(alarm.alarmId);
        log.error({ err: error, alarmId: alarm.alarmId }, 'check-in alarm could not escalate');
      }
    }
    fired += firedThisPass;
    if (todo.length === 0 || firedThisPass === 0) return fired;
  }
}

/**
 * One sweep: raise what was missed, then escalate what is due — the second even if the
 * first failed outright (a lost connection), so a fault in raising never silences the
 * alarms already climbing their ladders.
 */
export async function sweepAlarms(db: Db, clock: Clock, log: AlarmLog): Promise<void> {
  const now = clock().toISOString();
  try {
    await raiseMissedCheckins(db, now, log);
  } catch (error: unknown) {
    log.error({ err: error }, 'missed check-ins could not be raised');
  }
  await escalateAlarms(db, now, log);
}

/**
 * A sweep for requests that show alarm state (so a read never lags the timer), at most
 * once per `minIntervalMs` on this instance: callers within the interval share the sweep
 * under way, or skip it, so requests cannot make the server sweep without pause.
 */
export function throttledSweep(
  db: Db,
  clock: Clock,
  log: AlarmLog,
  minIntervalMs = 1000,
): () => Promise<void> {
  let last = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | null = null;
  return async () => {
    if (running !== null) return running;
    const started = Date.now();
    if (started - last < minIntervalMs) return;
    last = started;
    running = sweepAlarms(db, clock, log)
      .catch((error: unknown) => log.error({ err: error }, 'alarm sweep failed'))
      .finally(() => {
        running = null;
      });
    return running;
  };
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
    running = sweepAlarms(db, clock, logger)
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
