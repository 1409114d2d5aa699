import { z } from 'zod';
import { CaseIdSchema } from '../cases/case-schemas.ts';
import { CheckinPurposeSchema, OperationIdSchema } from '../cases/operations.ts';

/** How many alarms one member's list holds at most; older resolved ones drop off. */
export const maxAlarmsListed = 500;
/** How many check-ins one case keeps in its schedule. */
export const maxCheckinsPerCase = 500;

/**
 * Where a check-in stands on the server. `pending` until due+grace; `missed` when the
 * sweep found it overdue (its alarm raised); `on_time`/`late` when recorded safe;
 * `duress` when the duress word or a member said so (a silent alarm); `cancelled`.
 */
export const checkinStatuses = [
  'pending',
  'missed',
  'on_time',
  'late',
  'duress',
  'cancelled',
] as const;
export const CheckinStatusSchema = z.enum(checkinStatuses);
export type CheckinStatus = z.infer<typeof CheckinStatusSchema>;

/**
 * What an alarm is about: a missed safe arrival, lost contact after relocation (a missed
 * follow-up), or a duress check-in (silent: nothing shows to the evacuee's side).
 */
export const alarmKinds = ['missed_arrival', 'lost_contact', 'duress'] as const;
export const AlarmKindSchema = z.enum(alarmKinds);
export type AlarmKind = z.infer<typeof AlarmKindSchema>;

export const AlarmIdSchema = OperationIdSchema;

export const CheckinAlarmSchema = z
  .object({
    id: AlarmIdSchema,
    kind: AlarmKindSchema,
    /** The last rung of the ladder that fired (0: the first contact). */
    rung: z.number().int().min(0),
    raisedAt: z.iso.datetime(),
    acknowledgedAt: z.iso.datetime().nullable(),
    acknowledgedBy: z.string().max(64).nullable(),
    resolvedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'CheckinAlarm' });

/** A check-in as the server keeps it: no route, no names, only the schedule. */
export const CheckinStateSchema = z
  .object({
    id: OperationIdSchema,
    caseId: CaseIdSchema,
    purpose: CheckinPurposeSchema,
    dueAt: z.iso.datetime(),
    graceMinutes: z.number().int().min(0),
    status: CheckinStatusSchema,
    recordedAt: z.iso.datetime().nullable(),
    /** Whether the evacuee may check in by word now (open, with words; erased once closed). */
    hasWords: z.boolean(),
    alarm: CheckinAlarmSchema.nullable(),
  })
  .meta({ id: 'CheckinState' });
export type CheckinState = z.infer<typeof CheckinStateSchema>;

export const CaseCheckinStates = z.object({
  checkins: z.array(CheckinStateSchema).max(maxCheckinsPerCase),
});

/** How many check-ins the caseload list holds at most (open, or closed in the last week). */
export const maxCaseloadCheckins = 5000;
/** How long a closed check-in stays in the caseload list. */
export const caseloadCheckinDays = 7;

/**
 * The check-ins of every case whose `location` the caller's teams hold: open ones, and
 * those closed in the last `caseloadCheckinDays` days — for the coordinators' dashboard.
 */
export const CaseloadCheckinStates = z.object({
  checkins: z.array(CheckinStateSchema).max(maxCaseloadCheckins),
});

/** An alarm in a member's list: one they were alerted to by a rung of its ladder. */
export const MemberAlarmSchema = z
  .object({
    id: AlarmIdSchema,
    caseId: CaseIdSchema,
    checkinId: OperationIdSchema,
    purpose: CheckinPurposeSchema,
    kind: AlarmKindSchema,
    /** Duress: raised without a sound on the evacuee's side; handle with care. */
    silent: z.boolean(),
    dueAt: z.iso.datetime(),
    rung: z.number().int().min(0),
    raisedAt: z.iso.datetime(),
    /** When this member was first alerted to it. */
    alertedAt: z.iso.datetime(),
    acknowledgedAt: z.iso.datetime().nullable(),
    acknowledgedBy: z.string().max(64).nullable(),
  })
  .meta({ id: 'MemberAlarm' });
export type MemberAlarm = z.infer<typeof MemberAlarmSchema>;

export const MemberAlarmList = z.object({
  alarms: z.array(MemberAlarmSchema).max(maxAlarmsListed),
  /** How many of them nobody has acknowledged yet. */
  unacknowledged: z.number().int().min(0),
});

export const AlarmParams = z.object({ alarmId: AlarmIdSchema });
export const AlarmAcknowledged = z.object({ acknowledgedAt: z.iso.datetime() });
