import { documentationCompartment, type Stage } from '@corridor/protocol';
import type { TimelineEntry } from '../cases/case-events.ts';
import type { CaseSummary } from '../cases/cases.ts';
import { caseSpending, type RescueDigest } from '../dashboard/rescue-digest.ts';
import { type EvacuationPlan, evacuationPlan } from '../evacuation/evacuation-plan.ts';
import { type RelocationRecord, relocation } from '../relocation/relocation.ts';
import type { DigestOutcomes, DocumentationDigest } from './documentation-digest-types.ts';
import { readEvidence } from './evidence.ts';
import { readTestimonies } from './testimonies.ts';
import { readViolationEvents } from './violations.ts';
import { defaultVocabularies, type Vocabularies } from './vocabularies.ts';

/** What the rescue readers made of a case, reused rather than read twice. */
export interface RescueRecords {
  readonly plan: EvacuationPlan;
  readonly relocation: RelocationRecord | null;
}

type DigestView = { readonly timeline: { readonly entries: readonly TimelineEntry[] } };

/**
 * Outcomes as the case's signed workflow says, for a member who cannot read its plan or
 * relocation (an analyst holds `testimony`, not `location`): evacuated when the case first
 * moved on from `evacuation` to a shelter or relocation, relocated when it was closed as
 * `relocated` (abroad: `settled_in_country` is the other way out). The dates are the
 * server's times of those signed events.
 */
function workflowOutcomes(view: DigestView): DigestOutcomes {
  let stage: Stage = 'new';
  let evacuatedOn: string | null = null;
  let relocatedOn: string | null = null;
  for (const entry of view.timeline.entries) {
    const next = entry.workflow?.stage;
    if (next === undefined || next === stage) continue;
    const day = entry.createdAt.slice(0, 10);
    if (stage === 'evacuation' && (next === 'shelter' || next === 'relocation')) {
      evacuatedOn ??= day;
    }
    if (next === 'closed' && entry.workflow?.closedReason === 'relocated') relocatedOn ??= day;
    stage = next;
  }
  return { evacuatedOn, relocatedOn, relocatedTo: null };
}

/**
 * Outcomes as the case's own rescue records say: evacuated on the arrival date of the
 * last leg once every leg not cancelled has arrived; relocated on the relocation's
 * arrival date once the person arrived or settled. Where the member reads no plan or no
 * relocation, the signed workflow stands in (`workflowOutcomes`). These are the
 * organisation's own records, not testimony: no consent governs them.
 */
function outcomesOf(view: DigestView, read: Partial<RescueRecords>): DigestOutcomes {
  const byWorkflow = workflowOutcomes(view);
  const plan = read.plan ?? evacuationPlan(view);
  const legs = plan.legs.filter((leg) => leg.status !== 'cancelled');
  const evacuated = legs.length > 0 && legs.every((leg) => leg.status === 'arrived');
  const lastArrival =
    legs
      .map((leg) => leg.arrivalAt)
      .sort()
      .at(-1) ?? null;
  const record = read.relocation === undefined ? relocation(view) : read.relocation;
  const relocated =
    record !== null &&
    (record.status === 'arrived' || record.status === 'settled') &&
    record.arrivalDate !== null;
  return {
    evacuatedOn:
      legs.length === 0
        ? byWorkflow.evacuatedOn
        : evacuated && lastArrival !== null
          ? lastArrival.slice(0, 10)
          : null,
    ...(record === null
      ? { relocatedOn: byWorkflow.relocatedOn, relocatedTo: null }
      : {
          relocatedOn: relocated ? record.arrivalDate : null,
          relocatedTo: relocated ? record.destination.country : null,
        }),
  };
}

/**
 * What reports need of one case, made where it is decrypted (an unlock worker), so no
 * testimony text, note or person label beyond the coded events leaves it: each
 * testimony's consent and date, the coded events without act notes, the evidence with
 * its custody trail, the outcomes and the spending. Records that fail their checks are
 * listed as problems and left out. A member who does not hold `testimony` gets
 * `readsTestimony: false` and no documentation: unknown, not none.
 * `spending` may be given when already read (the worker's rescue digest read it).
 */
export function documentationDigest(
  summary: CaseSummary,
  entries: readonly TimelineEntry[],
  options: {
    readonly spending?: RescueDigest['spending'];
    /** The case's plan and relocation, when already read (the worker's rescue digest did). */
    readonly rescue?: RescueRecords;
    readonly vocabularies?: Vocabularies;
  } = {},
): DocumentationDigest {
  const view = { summary, timeline: { entries } };
  const readsTestimony = summary.compartments.includes(documentationCompartment);
  const base = {
    caseId: summary.id,
    stage: summary.stage,
    closedReason: summary.closedReason,
    openedAt: summary.createdAt,
    readsTestimony,
    outcomes: outcomesOf(view, options.rescue ?? {}),
    spending: options.spending ?? caseSpending(view),
  };
  if (!readsTestimony) {
    return { ...base, testimonies: [], events: [], evidence: [], problems: [] };
  }
  const testimonies = readTestimonies(view);
  const events = readViolationEvents(
    view,
    options.vocabularies ?? defaultVocabularies,
    new Set(testimonies.testimonies.map((t) => t.id)),
  );
  const evidence = readEvidence(view);
  return {
    ...base,
    testimonies: testimonies.testimonies.map(({ id, interviewDate, language, consent }) => ({
      id,
      interviewDate,
      language,
      consent,
    })),
    events: events.events.map((event) => ({
      id: event.id,
      title: event.title,
      startDate: event.startDate,
      endDate: event.endDate,
      place: event.place,
      sources: event.sources,
      acts: event.acts.map(({ note: _note, ...act }) => act),
      persons: event.persons,
      involvements: event.involvements,
      vocabularyVersions: event.vocabularyVersions,
    })),
    evidence: evidence.items.map((item) => ({
      evidence: item.evidence,
      custody: item.custody.map((link) => ({ ...link.entry, by: link.by, at: link.at })),
    })),
    problems: [...testimonies.problems, ...events.problems, ...evidence.problems].sort(
      (a, b) => a.seq - b.seq,
    ),
  };
}
