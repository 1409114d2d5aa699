import type { MemberSession } from '../auth/log-in.ts';
import type { TimelineEntry } from '../cases/case-events.ts';
import { appendToCase, type CaseView } from '../cases/cases.ts';

/** How the person reaches the destination (domain.md, "Relocation"). */
export const relocationRoutes = ['visa', 'humanitarian_visa', 'asylum', 'resettlement'] as const;
export type RelocationRoute = (typeof relocationRoutes)[number];

export const relocationStatuses = [
  'planning',
  'in_progress',
  'arrived',
  'settled',
  'stalled',
] as const;
export type RelocationStatus = (typeof relocationStatuses)[number];

/** One step on the way: an appointment, an application, a flight. Dates are `YYYY-MM-DD`. */
export interface RelocationStep {
  readonly title: string;
  readonly dueDate: string | null;
  readonly doneDate: string | null;
  /** Documents it needs or produced (names, not files). */
  readonly documents: readonly string[];
  readonly done: boolean;
}

/**
 * A case's relocation, encrypted whole in `location` as a `relocation.updated` event; the
 * latest event is the record. The server never sees the destination or route.
 */
export interface RelocationRecord {
  /** ISO 3166-1 alpha-2 code of the destination country, and the city as typed. */
  readonly destination: { readonly country: string; readonly city: string };
  readonly route: RelocationRoute;
  readonly steps: readonly RelocationStep[];
  readonly status: RelocationStatus;
  /** When the person arrived (`YYYY-MM-DD`); follow-ups are counted from it. */
  readonly arrivalDate: string | null;
}

export type RelocationInputErrorCode =
  | 'country_invalid'
  | 'city_too_long'
  | 'route_unknown'
  | 'status_unknown'
  | 'date_invalid'
  | 'step_title_required'
  | 'step_done_date'
  | 'steps_out_of_order'
  | 'arrival_required'
  | 'arrival_before_steps'
  | 'too_many_steps';

/** Thrown before anything is written; `step` names the step (0-based) at fault. */
export class RelocationInputError extends Error {
  constructor(
    readonly code: RelocationInputErrorCode,
    readonly step: number | null = null,
  ) {
    super(step === null ? code : `${code} (step ${step + 1})`);
  }
}

export const maxRelocationSteps = 50;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date in `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  if (!datePattern.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function checkDate(value: string | null, step: number | null): string | null {
  if (value === null || value === '') return null;
  if (!isCalendarDate(value)) throw new RelocationInputError('date_invalid', step);
  return value;
}

/**
 * Checks and tidies a relocation record: a known route and status, an ISO country code,
 * real dates, steps with a title, a done date on done steps (and only on those), due
 * dates in the order of the steps, an arrival date once the person has arrived, and no
 * step due before the arrival marked done after it (one of those dates is wrong; steps
 * due after arrival, such as claiming asylum, may of course be done after it).
 * @throws RelocationInputError
 */
export function checkRelocation(record: RelocationRecord): RelocationRecord {
  const country = record.destination.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new RelocationInputError('country_invalid');
  const city = record.destination.city.trim();
  if (city.length > 200) throw new RelocationInputError('city_too_long');
  if (!relocationRoutes.includes(record.route)) throw new RelocationInputError('route_unknown');
  if (!relocationStatuses.includes(record.status)) throw new RelocationInputError('status_unknown');
  if (record.steps.length > maxRelocationSteps) throw new RelocationInputError('too_many_steps');
  const steps = record.steps.map((step, i): RelocationStep => {
    const title = step.title.trim();
    if (!title) throw new RelocationInputError('step_title_required', i);
    const dueDate = checkDate(step.dueDate, i);
    const doneDate = checkDate(step.doneDate, i);
    if (step.done !== (doneDate !== null)) throw new RelocationInputError('step_done_date', i);
    return {
      title,
      dueDate,
      doneDate,
      documents: step.documents.map((d) => d.trim()).filter(Boolean),
      done: step.done,
    };
  });
  let lastDue = '';
  steps.forEach((step, i) => {
    if (step.dueDate === null) return;
    if (step.dueDate < lastDue) throw new RelocationInputError('steps_out_of_order', i);
    lastDue = step.dueDate;
  });
  const arrivalDate = checkDate(record.arrivalDate, null);
  if ((record.status === 'arrived' || record.status === 'settled') && arrivalDate === null) {
    throw new RelocationInputError('arrival_required');
  }
  if (arrivalDate !== null) {
    // Travel steps are done before arriving: a step marked done on a date after an arrival
    // it was due before says one of the two dates is wrong.
    steps.forEach((step, i) => {
      if (
        step.dueDate &&
        step.doneDate &&
        step.dueDate <= arrivalDate &&
        step.doneDate > arrivalDate
      ) {
        throw new RelocationInputError('arrival_before_steps', i);
      }
    });
  }
  return {
    destination: { country, city },
    route: record.route,
    steps,
    status: record.status,
    arrivalDate,
  };
}

function asRecord(content: unknown): RelocationRecord | null {
  if (!content || typeof content !== 'object') return null;
  try {
    return checkRelocation(content as RelocationRecord);
  } catch {
    return null;
  }
}

/** What `relocation` reads: a case's checked timeline (a whole view, or a worker's entries). */
export interface RelocationSource {
  readonly timeline: { readonly entries: readonly TimelineEntry[] };
}

/** The case's relocation as its latest readable `relocation.updated` says, or null. */
export function relocation(view: RelocationSource): RelocationRecord | null {
  for (let i = view.timeline.entries.length - 1; i >= 0; i--) {
    const entry = view.timeline.entries[i];
    if (entry?.kind !== 'relocation.updated') continue;
    const record = asRecord(entry.content);
    if (record) return record;
  }
  return null;
}

/**
 * Saves the whole relocation record as the next `relocation.updated` event in `location`.
 * @throws RelocationInputError before anything is written
 * @returns the case's new version
 */
export async function saveRelocation(
  session: MemberSession,
  view: CaseView,
  record: RelocationRecord,
): Promise<number> {
  const checked = checkRelocation(record);
  return appendToCase(session, view, 'location', 'relocation.updated', checked);
}
