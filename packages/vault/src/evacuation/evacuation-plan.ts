import { randomToken } from '@corridor/crypto';
import type { MemberSession } from '../auth/log-in.ts';
import { appendToCase, type CaseEntries, type CaseView } from '../cases/cases.ts';
import { type PlanProblem, replayPlans } from './plan-replay.ts';
import {
  defaultChecklist,
  type EvacuationLeg,
  type EvacuationPlanContent,
  EvacuationPlanSchema,
  type LegStatus,
  legTransitions,
  type PlanInput,
} from './plan-schema.ts';

export type { PlanProblem, PlanProblemCode } from './plan-replay.ts';

/** The plan as the member reads it: the latest `evacuation.updated` event wins. */
export interface EvacuationPlan extends EvacuationPlanContent {
  /** The seq of the event it comes from; null when the case has no plan yet. */
  readonly seq: number | null;
  /** The latest plan event could not be read as a plan (the member sees an empty one). */
  readonly unreadable: boolean;
  /**
   * Legs of this plan whose status, or its author, time or override, no honest browser
   * wrote (see `replayPlans`): the UI flags them; nobody should rely on that status.
   */
  readonly problems: readonly PlanProblem[];
}

export type EvacuationInputErrorCode =
  | 'invalid_plan'
  | 'arrival_before_departure'
  | 'legs_overlap'
  | 'leg_not_found'
  | 'status_not_allowed'
  | 'checklist_incomplete';

/** Thrown before anything is written; `legId` names the leg at fault where there is one. */
export class EvacuationInputError extends Error {
  constructor(
    readonly code: EvacuationInputErrorCode,
    readonly legId: string | null = null,
  ) {
    super(code.replaceAll('_', ' '));
  }
}

/** The plan is about the route, so it lives with it in `location`. */
export const evacuationCompartment = 'location' as const;

/**
 * The case's evacuation plan, or an empty one (with the usual checklist) if none. Every
 * plan event is replayed against the one before it, so a status that skipped the
 * checklist, or credits someone other than the member who wrote it, is flagged in
 * `problems` — the server cannot read the plan, so only the reading browser can check.
 */
export function evacuationPlan(view: CaseEntries): EvacuationPlan {
  const replayed = replayPlans(view.timeline.entries);
  if (!replayed)
    return { legs: [], checklist: defaultChecklist(), seq: null, unreadable: false, problems: [] };
  if (!replayed.plan) {
    return {
      legs: [],
      checklist: defaultChecklist(),
      seq: replayed.seq,
      unreadable: true,
      problems: [],
    };
  }
  return { ...replayed.plan, seq: replayed.seq, unreadable: false, problems: replayed.problems };
}

const time = (iso: string) => Date.parse(iso);

/**
 * Checks a whole plan: each leg arrives after it departs, and no leg that still counts
 * (not cancelled) departs before the one before it arrives.
 */
export function checkPlan(plan: EvacuationPlanContent): EvacuationPlanContent {
  const parsed = EvacuationPlanSchema.safeParse(plan);
  if (!parsed.success) throw new EvacuationInputError('invalid_plan');
  let previous: EvacuationLeg | null = null;
  const ids = new Set<string>();
  for (const leg of parsed.data.legs) {
    if (ids.has(leg.id)) throw new EvacuationInputError('invalid_plan', leg.id);
    ids.add(leg.id);
    if (time(leg.arrivalAt) <= time(leg.departureAt)) {
      throw new EvacuationInputError('arrival_before_departure', leg.id);
    }
    if (leg.status === 'cancelled') continue;
    if (previous && time(leg.departureAt) < time(previous.arrivalAt)) {
      throw new EvacuationInputError('legs_overlap', leg.id);
    }
    previous = leg;
  }
  return parsed.data;
}

const write = (session: MemberSession, view: CaseView, plan: EvacuationPlanContent) =>
  appendToCase(session, view, evacuationCompartment, 'evacuation.updated', plan);

/**
 * The plan as edited, checked, as it would be written: legs in the order given (new ones
 * get a random id), each keeping the status, who set it and any override it had, which
 * only `setLegStatus` changes. Throws `EvacuationInputError`; the UI calls it to check a
 * form before saving.
 */
export function preparePlan(view: CaseView, input: PlanInput): EvacuationPlanContent {
  const before = new Map(evacuationPlan(view).legs.map((leg) => [leg.id, leg]));
  const legs = input.legs.map((leg): EvacuationLeg => {
    const kept = leg.id ? before.get(leg.id) : undefined;
    if (leg.id && !kept) throw new EvacuationInputError('leg_not_found', leg.id);
    return {
      id: kept?.id ?? randomToken(16),
      from: leg.from.trim(),
      to: leg.to.trim(),
      transport: leg.transport.trim(),
      departureAt: leg.departureAt,
      arrivalAt: leg.arrivalAt,
      escortId: leg.escortId,
      coverStory: leg.coverStory,
      documents: leg.documents,
      money: leg.money,
      leavesCountry: leg.leavesCountry,
      status: kept?.status ?? 'planned',
      statusBy: kept?.statusBy ?? null,
      statusAt: kept?.statusAt ?? null,
      override: kept?.override ?? null,
    };
  });
  return checkPlan({ legs, checklist: [...input.checklist] });
}

/**
 * Saves the plan as edited (see `preparePlan`), checked before anything is written; a
 * stale view gets `conflict`.
 * @returns the case's new version
 */
export async function saveEvacuationPlan(
  session: MemberSession,
  view: CaseView,
  input: PlanInput,
): Promise<number> {
  return write(session, view, preparePlan(view, input));
}

/**
 * The plan with a leg moved on (planned → departed → arrived, or to cancelled); arrived
 * and cancelled legs stay as they are. A leg that leaves the country departs only with
 * every required checklist item done, or with an override whose reason is recorded in the
 * plan with who gave it and when. Throws `EvacuationInputError`.
 */
export function prepareLegStatus(
  view: CaseView,
  accountId: string,
  legId: string,
  status: LegStatus,
  overrideReason?: string,
): EvacuationPlanContent {
  const plan = evacuationPlan(view);
  const leg = plan.legs.find((l) => l.id === legId);
  if (!leg) throw new EvacuationInputError('leg_not_found', legId);
  if (!legTransitions[leg.status].includes(status)) {
    throw new EvacuationInputError('status_not_allowed', legId);
  }
  const at = new Date().toISOString();
  let override = leg.override;
  if (status === 'departed' && leg.leavesCountry) {
    const incomplete = plan.checklist.some((item) => item.required && !item.done);
    const reason = overrideReason?.trim() ?? '';
    if (incomplete && !reason) throw new EvacuationInputError('checklist_incomplete', legId);
    if (incomplete) override = { reason, by: accountId, at };
  }
  const legs = plan.legs.map((l) =>
    l.id === legId ? { ...l, status, statusBy: accountId, statusAt: at, override } : l,
  );
  return checkPlan({ legs, checklist: plan.checklist });
}

/**
 * Moves a leg on (see `prepareLegStatus`), checked before anything is written.
 * @returns the case's new version
 */
export async function setLegStatus(
  session: MemberSession,
  view: CaseView,
  legId: string,
  status: LegStatus,
  overrideReason?: string,
): Promise<number> {
  return write(
    session,
    view,
    prepareLegStatus(view, session.account.id, legId, status, overrideReason),
  );
}

/** Required items done, of all required (for "3 of 5" in the plan's summary). */
export function checklistProgress(plan: EvacuationPlanContent): { done: number; required: number } {
  const required = plan.checklist.filter((item) => item.required);
  return { done: required.filter((item) => item.done).length, required: required.length };
}
