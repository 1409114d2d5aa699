import { checkinWordDigest, checkinWordSalt, randomToken } from '@corridor/crypto';
import {
  acknowledgeAlarmRoute,
  type CaseOperation,
  type CheckinOutcomeSchema,
  type CheckinPurposeSchema,
  type CheckinState,
  caseCheckinStatesRoute,
  caseloadCheckinStatesRoute,
  type LadderStep,
  listAlarmsRoute,
  type MemberAlarm,
  operationCompartments,
  operationKinds,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';
import type { TimelineEntry } from '../cases/case-events.ts';
import { appendToCase, type CaseView } from '../cases/cases.ts';
import { evacuationPlan } from '../evacuation/evacuation-plan.ts';

export type CheckinPurpose = z.infer<typeof CheckinPurposeSchema>;
export type CheckinOutcome = z.infer<typeof CheckinOutcomeSchema>;
export type { CheckinState, LadderStep, MemberAlarm };

/** A check-in to schedule. The note and `ref` are encrypted; the rest is the server's schedule. */
export interface NewCheckin {
  /** The leg or follow-up it belongs to (an id from the plan), or null for a general one. */
  readonly ref: string | null;
  readonly note: string;
  readonly purpose: CheckinPurpose;
  readonly dueAt: string;
  readonly graceMinutes: number;
  readonly ladder: readonly LadderStep[];
  /** The intake conversation the evacuee may check in through with the words. */
  readonly conversationId: string | null;
  /** The safe and duress words, agreed with the evacuee; never sent, only their digests. */
  readonly words: { readonly safe: string; readonly duress: string } | null;
}

/** What a check-in event holds encrypted in `location`. */
export interface CheckinContent {
  readonly ref: string | null;
  readonly note: string;
}

/** A check-in as the signed events of the case say it stands. */
export type SignedCheckinStatus = 'scheduled' | 'safe' | 'duress' | 'cancelled';

export interface CaseCheckin {
  readonly id: string;
  readonly ref: string | null;
  readonly note: string | null;
  readonly purpose: CheckinPurpose;
  readonly dueAt: string;
  readonly graceMinutes: number;
  readonly ladder: readonly LadderStep[];
  readonly conversationId: string | null;
  readonly hasWords: boolean;
  readonly status: SignedCheckinStatus;
  readonly scheduledBy: string;
  readonly scheduledSeq: number;
  /** When a member recorded it or cancelled it (the event's time). */
  readonly closedAt: string | null;
}

/** Legs a check-in may still be scheduled for: neither arrived nor cancelled. */
const finishedLeg = (status: string) => status === 'arrived' || status === 'cancelled';

/**
 * Whether `ref` names a leg of the case's evacuation plan that has arrived or was
 * cancelled: nobody is travelling it, so a check-in for it would only raise a false alarm.
 */
export function isFinishedLeg(view: CaseView, ref: string | null): boolean {
  if (ref === null) return false;
  const leg = evacuationPlan(view).legs.find((l) => l.id === ref);
  return leg !== undefined && finishedLeg(leg.status);
}

/** Thrown before anything is written. */
export class CheckinInputError extends Error {
  constructor(
    readonly code:
      | 'words_same'
      | 'words_empty'
      | 'ladder_empty'
      | 'due_invalid'
      | 'leg_finished'
      | 'unknown',
  ) {
    super(code);
  }
}

const operate = (
  session: MemberSession,
  view: CaseView,
  operation: CaseOperation,
  content: CheckinContent | { readonly note: string },
) =>
  appendToCase(
    session,
    view,
    operationCompartments[operation.op],
    operationKinds[operation.op],
    content,
    null,
    undefined,
    { operation },
  );

/**
 * Schedules a check-in: the due time, grace, ladder and word digests signed in the clear
 * for the server's alarm schedule; the note and what it belongs to encrypted in `location`.
 * @returns the check-in's id and the case's new version
 */
export async function scheduleCheckin(
  session: MemberSession,
  view: CaseView,
  input: NewCheckin,
): Promise<{ id: string; version: number }> {
  if (input.ladder.length === 0) throw new CheckinInputError('ladder_empty');
  if (isFinishedLeg(view, input.ref)) throw new CheckinInputError('leg_finished');
  const due = new Date(input.dueAt);
  if (Number.isNaN(due.getTime())) throw new CheckinInputError('due_invalid');
  let words: { salt: string; safe: string; duress: string; kdf: 'argon2id-v1' } | null = null;
  if (input.words) {
    const safe = input.words.safe.trim();
    const duress = input.words.duress.trim();
    if (!safe || !duress) throw new CheckinInputError('words_empty');
    const salt = checkinWordSalt();
    words = {
      salt,
      safe: checkinWordDigest(salt, safe, 'argon2id-v1'),
      duress: checkinWordDigest(salt, duress, 'argon2id-v1'),
      kdf: 'argon2id-v1',
    };
    if (words.safe === words.duress) throw new CheckinInputError('words_same');
  }
  const id = randomToken(16);
  const version = await operate(
    session,
    view,
    {
      op: 'checkin.schedule',
      id,
      purpose: input.purpose,
      dueAt: due.toISOString(),
      graceMinutes: input.graceMinutes,
      ladder: input.ladder.map((s) => ({
        afterMinutes: s.afterMinutes,
        accountIds: [...s.accountIds],
        teamIds: [...s.teamIds],
      })),
      conversationId: input.conversationId,
      words,
    },
    { ref: input.ref, note: input.note },
  );
  return { id, version };
}

/** Records a check-in as safe or duress (a member who heard from the evacuee). */
export function recordCheckin(
  session: MemberSession,
  view: CaseView,
  id: string,
  outcome: CheckinOutcome,
  note = '',
): Promise<number> {
  return operate(session, view, { op: 'checkin.record', id, outcome }, { note });
}

/** Cancels a check-in that is no longer needed (the trip is called off, replanned). */
export function cancelCheckin(session: MemberSession, view: CaseView, id: string): Promise<number> {
  return operate(session, view, { op: 'checkin.cancel', id }, { note: '' });
}

function asContent(content: unknown): CheckinContent | null {
  if (!content || typeof content !== 'object') return null;
  const c = content as Partial<CheckinContent>;
  return {
    ref: typeof c.ref === 'string' ? c.ref : null,
    note: typeof c.note === 'string' ? c.note : '',
  };
}

/**
 * The case's check-ins as its signed events say, in the order they were scheduled. Takes
 * only the timeline, so the unlock workers' digests can use it too.
 */
export function caseCheckins(view: {
  readonly timeline: { readonly entries: readonly TimelineEntry[] };
}): CaseCheckin[] {
  const byId = new Map<string, CaseCheckin>();
  for (const entry of view.timeline.entries) {
    const op = entry.operation;
    if (!op) continue;
    if (op.op === 'checkin.schedule') {
      if (byId.has(op.id)) continue;
      const content = asContent(entry.content);
      byId.set(op.id, {
        id: op.id,
        ref: content?.ref ?? null,
        note: content?.note ?? null,
        purpose: op.purpose,
        dueAt: op.dueAt,
        graceMinutes: op.graceMinutes,
        ladder: op.ladder,
        conversationId: op.conversationId,
        hasWords: op.words !== null,
        status: 'scheduled',
        scheduledBy: entry.authorId,
        scheduledSeq: entry.seq,
        closedAt: null,
      });
    } else if (op.op === 'checkin.record' || op.op === 'checkin.cancel') {
      const found = byId.get(op.id);
      if (found?.status !== 'scheduled') continue;
      byId.set(op.id, {
        ...found,
        status: op.op === 'checkin.cancel' ? 'cancelled' : op.outcome,
        closedAt: entry.createdAt,
      });
    }
  }
  return [...byId.values()];
}

/**
 * The server's state of the case's check-ins: status (missed, late, the evacuee's own
 * check-in by word) and alarm. Members whose teams hold `location` only.
 */
export async function loadCheckinStates(
  session: MemberSession,
  caseId: string,
): Promise<CheckinState[]> {
  const { checkins } = await session.api.call(caseCheckinStatesRoute, { params: { caseId } });
  return checkins;
}

/**
 * The server's state of the check-ins of every case whose `location` this member's teams
 * hold: open ones and those closed in the last 7 days, due time first (the dashboard).
 */
export async function loadCaseloadCheckinStates(session: MemberSession): Promise<CheckinState[]> {
  const { checkins } = await session.api.call(caseloadCheckinStatesRoute);
  return checkins;
}

/** The unresolved alarms this member was alerted to, and how many are unacknowledged. */
export async function listAlarms(
  session: MemberSession,
): Promise<{ alarms: MemberAlarm[]; unacknowledged: number }> {
  return session.api.call(listAlarmsRoute);
}

/** Acknowledges an alarm: someone is on it, and no further rung of its ladder fires. */
export async function acknowledgeAlarm(
  session: MemberSession,
  alarmId: string,
): Promise<{ acknowledgedAt: string }> {
  return session.api.call(acknowledgeAlarmRoute, { params: { alarmId } });
}
