import type { TimelineEntry } from '../cases/case-events.ts';
import {
  type EvacuationLeg,
  type EvacuationPlanContent,
  EvacuationPlanSchema,
  legTransitions,
} from './plan-schema.ts';

/**
 * What is wrong with a leg, found by comparing a plan event with the one before it:
 * - `status_not_allowed`: its status made a move `legTransitions` does not allow
 *   (planned → arrived, or back from arrived or cancelled);
 * - `status_misattributed`: its status changed, but the change does not name the event's
 *   author, or a time near the event's;
 * - `override_misattributed`: a new override that does not name the event's author and
 *   time, or one given where no departure needed it;
 * - `checklist_incomplete`: it leaves the country and became departed with a required
 *   document missing and no override given with that change;
 * - `history_rewritten`: its status stayed, but who set it, when, or the override changed.
 */
export type PlanProblemCode =
  | 'status_not_allowed'
  | 'status_misattributed'
  | 'override_misattributed'
  | 'checklist_incomplete'
  | 'history_rewritten';

export interface PlanProblem {
  readonly legId: string;
  readonly problem: PlanProblemCode;
  /** The plan event at fault. */
  readonly seq: number;
}

export interface ReplayedPlan {
  /** The latest plan, or null when the latest plan event could not be read as one. */
  readonly plan: EvacuationPlanContent | null;
  readonly seq: number;
  /** Problems of the legs still in the latest plan, first found first. */
  readonly problems: PlanProblem[];
}

/**
 * How far a status or override time may be from the event's time (the server's clock
 * when it stored the event; the writing browser's clock set the status). Minutes, not
 * seconds: a laptop clock a little off must not flag an honest departure; a departure
 * credited to another day is still caught.
 */
export const planClockTolerance = 5 * 60_000;

const near = (at: string | null, createdAt: string) =>
  at !== null && Math.abs(Date.parse(at) - Date.parse(createdAt)) <= planClockTolerance;

type LegHistory = Pick<EvacuationLeg, 'status' | 'statusBy' | 'statusAt' | 'override'>;

/** A leg not in the plan before starts where `preparePlan` starts it. */
const fresh: LegHistory = { status: 'planned', statusBy: null, statusAt: null, override: null };

const sameOverride = (a: EvacuationLeg['override'], b: EvacuationLeg['override']) =>
  a === b || (a !== null && b !== null && a.reason === b.reason && a.by === b.by && a.at === b.at);

/** The problems of one leg of a plan event, given the leg as the plan before left it. */
function legProblems(
  leg: EvacuationLeg,
  before: LegHistory,
  plan: EvacuationPlanContent,
  entry: TimelineEntry,
): PlanProblemCode[] {
  const problems: PlanProblemCode[] = [];
  const overrideIsNew = !sameOverride(leg.override, before.override);
  if (leg.status === before.status) {
    if (leg.statusBy !== before.statusBy || leg.statusAt !== before.statusAt || overrideIsNew) {
      problems.push('history_rewritten');
    }
    return problems;
  }
  if (!legTransitions[before.status].includes(leg.status)) problems.push('status_not_allowed');
  if (leg.statusBy !== entry.authorId || !near(leg.statusAt, entry.createdAt)) {
    problems.push('status_misattributed');
  }
  const incomplete = plan.checklist.some((item) => item.required && !item.done);
  const needsOverride = leg.status === 'departed' && leg.leavesCountry && incomplete;
  if (
    overrideIsNew &&
    (leg.override === null ||
      !needsOverride ||
      leg.override.by !== entry.authorId ||
      !near(leg.override.at, entry.createdAt))
  ) {
    problems.push('override_misattributed');
  }
  if (needsOverride && (!overrideIsNew || leg.override === null)) {
    problems.push('checklist_incomplete');
  }
  return problems;
}

/**
 * Replays a case's `evacuation.updated` events in order, each plan against the last
 * readable one before it (an empty plan before the first), and returns the latest with
 * the problems found on the way. The gate on cross-border departures, and the record of
 * who moved a leg and when, are otherwise enforced only by the browser that writes the
 * plan: a member who can write `location` could hand-make a plan that skips them. A
 * leg flagged once stays flagged while it is in the plan — a later honest edit does not
 * undo a forged departure. Null when the case has no plan event.
 */
export function replayPlans(entries: readonly TimelineEntry[]): ReplayedPlan | null {
  let previous: EvacuationPlanContent = { legs: [], checklist: [] };
  let latest: { plan: EvacuationPlanContent | null; seq: number } | null = null;
  const problems: PlanProblem[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.kind !== 'evacuation.updated') continue;
    const parsed = EvacuationPlanSchema.safeParse(entry.content);
    if (!parsed.success) {
      latest = { plan: null, seq: entry.seq };
      continue;
    }
    const plan = parsed.data;
    const before = new Map(previous.legs.map((leg) => [leg.id, leg]));
    for (const leg of plan.legs) {
      for (const problem of legProblems(leg, before.get(leg.id) ?? fresh, plan, entry)) {
        const key = `${leg.id}:${problem}`;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push({ legId: leg.id, problem, seq: entry.seq });
      }
    }
    previous = plan;
    latest = { plan, seq: entry.seq };
  }
  if (!latest) return null;
  const legs = new Set(latest.plan?.legs.map((leg) => leg.id) ?? []);
  return {
    plan: latest.plan,
    seq: latest.seq,
    problems: problems.filter((p) => legs.has(p.legId)),
  };
}
