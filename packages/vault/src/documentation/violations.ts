import { documentationCompartment, type VocabularyKind } from '@corridor/protocol';
import type { MemberSession } from '../auth/log-in.ts';
import { appendToCase, type CaseEntries, type CaseView } from '../cases/cases.ts';
import { DocumentationInputError } from './documentation-input-error.ts';
import { parseRecord, pastDate, requiredText } from './record-checks.ts';
import {
  type Act,
  type Involvement,
  type ViolationEvent,
  ViolationEventSchema,
} from './records.ts';
import {
  documentationEntries,
  latestById,
  type ReadProblem,
  readRecords,
} from './stored-records.ts';
import { testimoniesOf } from './testimonies.ts';
import {
  defaultVocabularies,
  termAndBelow,
  termProblem,
  type Vocabularies,
  vocabularyVersions,
} from './vocabularies.ts';

/** How strictly an event is checked: new coding, or a stored event read back. */
interface CheckMode {
  readonly vocabularies: Vocabularies;
  /**
   * New coding: every term must be a current term of its vocabulary (retired ones only
   * if `tolerated`), no date after `today`. Null for a stored event: vocabularies change
   * after coding (terms added, retired), so the reader checks the structure and leaves
   * terms to the report, which holds the organisation's vocabularies.
   */
  readonly strict: { readonly today: string; readonly tolerated: ReadonlySet<string> } | null;
  readonly testimonyIds: ReadonlySet<string>;
}

const termsOf = (event: ViolationEvent): Set<string> =>
  new Set([
    ...(event.place ? [event.place] : []),
    ...event.acts.flatMap((act) => [
      act.type,
      ...act.methods,
      ...(act.detentionPlace ? [act.detentionPlace] : []),
      act.verification.status,
    ]),
    ...event.involvements.flatMap((i) => [
      i.role,
      ...(i.perpetratorType ? [i.perpetratorType] : []),
    ]),
  ]);

function examine(input: ViolationEvent, mode: CheckMode): ViolationEvent {
  const { vocabularies, strict } = mode;
  const today = strict?.today ?? null;
  const term = (kind: VocabularyKind, id: string, path: string) => {
    if (strict === null) return;
    const problem = termProblem(vocabularies, kind, id, strict.tolerated);
    if (problem !== null) throw new DocumentationInputError(problem, path);
  };

  // The schema first: stored content may be anything, and its shape is what the rest reads.
  const parsed = parseRecord(ViolationEventSchema, input);
  const event: ViolationEvent = {
    ...parsed,
    title: requiredText(parsed.title, 'title'),
    sources: [...new Set(parsed.sources)],
    persons: parsed.persons.map((person, i) => ({
      ...person,
      label: requiredText(person.label, `persons.${i}.label`),
    })),
    vocabularyVersions:
      strict === null ? parsed.vocabularyVersions : vocabularyVersions(vocabularies),
  };
  pastDate(event.startDate, 'startDate', today);
  if (event.endDate !== null) {
    pastDate(event.endDate, 'endDate', today);
    if (event.endDate < event.startDate) {
      throw new DocumentationInputError('dates_out_of_order', 'endDate');
    }
  }
  event.acts.forEach((act, i) => {
    pastDate(act.startDate, `acts.${i}.startDate`, today);
    if (act.endDate !== null) pastDate(act.endDate, `acts.${i}.endDate`, today);
    pastDate(act.verification.date, `acts.${i}.verification.date`, today);
  });

  if (event.place !== null) term('places', event.place, 'place');
  const actIds = new Set<string>();
  event.acts.forEach((act: Act, i) => {
    if (actIds.has(act.id)) throw new DocumentationInputError('duplicate_id', `acts.${i}.id`);
    actIds.add(act.id);
    term('act_types', act.type, `acts.${i}.type`);
    act.methods.forEach((method, m) => {
      term('methods', method, `acts.${i}.methods.${m}`);
    });
    if (act.detentionPlace !== null) term('places', act.detentionPlace, `acts.${i}.detentionPlace`);
    term('act_verification_statuses', act.verification.status, `acts.${i}.verification.status`);
    if (act.endDate !== null && act.endDate < act.startDate) {
      throw new DocumentationInputError('dates_out_of_order', `acts.${i}.endDate`);
    }
    // An act happens within its event: before it began or after it ended, one date is wrong.
    if (
      act.startDate < event.startDate ||
      (event.endDate !== null && act.startDate > event.endDate)
    ) {
      throw new DocumentationInputError('dates_out_of_order', `acts.${i}.startDate`);
    }
  });

  const personIds = new Set<string>();
  let subjects = 0;
  event.persons.forEach((person, i) => {
    if (personIds.has(person.id))
      throw new DocumentationInputError('duplicate_id', `persons.${i}.id`);
    personIds.add(person.id);
    if (person.caseSubject) subjects += 1;
    if (subjects > 1)
      throw new DocumentationInputError('case_subject_twice', `persons.${i}.caseSubject`);
  });

  const roles = vocabularies.involvement_roles;
  const victimRoles = termAndBelow(roles, 'victim');
  // A stored event may use a role the organisation added that these vocabularies (the
  // unlock workers read with the defaults) do not know: whether it is a victim's role is
  // then the report's to judge, with the organisation's vocabularies, not a failure here.
  const knownRoles = new Set(roles.terms.map((term) => term.id));
  const maybeVictim = (role: string) =>
    victimRoles.has(role) || (strict === null && !knownRoles.has(role));
  const perpetratorRoles = termAndBelow(roles, 'perpetrator');
  const seen = new Set<string>();
  const involvements: Involvement[] = [];
  event.involvements.forEach((involvement, i) => {
    if (!personIds.has(involvement.personId)) {
      throw new DocumentationInputError('person_unknown', `involvements.${i}.personId`);
    }
    if (!actIds.has(involvement.actId)) {
      throw new DocumentationInputError('act_unknown', `involvements.${i}.actId`);
    }
    term('involvement_roles', involvement.role, `involvements.${i}.role`);
    const perpetrator = perpetratorRoles.has(involvement.role);
    if (perpetrator && involvement.perpetratorType === null) {
      throw new DocumentationInputError(
        'perpetrator_type_required',
        `involvements.${i}.perpetratorType`,
      );
    }
    // A perpetrator type on a victim or a source means nothing: it is dropped. On a role
    // these vocabularies do not know (a stored event, read with the defaults), it is kept:
    // the report judges that role with the organisation's vocabularies.
    const unknownRole = strict === null && !knownRoles.has(involvement.role);
    const perpetratorType = perpetrator || unknownRole ? involvement.perpetratorType : null;
    if (perpetratorType !== null) {
      term('perpetrator_types', perpetratorType, `involvements.${i}.perpetratorType`);
    }
    const key = `${involvement.personId}/${involvement.actId}/${involvement.role}`;
    if (seen.has(key)) return;
    seen.add(key);
    involvements.push({ ...involvement, perpetratorType });
  });
  event.acts.forEach((act, i) => {
    const victim = involvements.some((x) => x.actId === act.id && maybeVictim(x.role));
    if (!victim) throw new DocumentationInputError('act_without_victim', `acts.${i}`);
  });
  event.sources.forEach((source, i) => {
    if (!mode.testimonyIds.has(source)) {
      throw new DocumentationInputError('source_unknown', `sources.${i}`);
    }
  });
  return { ...event, involvements };
}

/**
 * Checks and tidies a violation event before it is written: a title; real dates, none
 * after `today`, each end not before its start, every act starting within the event;
 * every term a current term of its own vocabulary (act types, methods, places, roles,
 * perpetrator types, verification statuses; a retired one only if `previous`, the
 * event's earlier version, already used it); at least one victim for every act; a
 * perpetrator type for every perpetrator; involvements naming persons and acts of the
 * event; sources among `testimonyIds` (the case's testimonies); at most one person the
 * case is about. Records the vocabulary versions it was coded against.
 * @throws DocumentationInputError with the path of the field at fault
 */
export function checkViolationEvent(
  event: ViolationEvent,
  vocabularies: Vocabularies,
  testimonyIds: readonly string[],
  today: string,
  previous: ViolationEvent | null = null,
): ViolationEvent {
  return examine(event, {
    vocabularies,
    strict: { today, tolerated: previous === null ? new Set() : termsOf(previous) },
    testimonyIds: new Set(testimonyIds),
  });
}

/** A coded event as the member reads it: its latest version, by whom and when. */
export interface CodedEvent extends ViolationEvent {
  readonly seq: number;
  readonly authorId: string;
  readonly createdAt: string;
}

/**
 * The case's coded events, and the stored ones that fail the reader's checks (the same
 * as for new coding but terms and "not in the future": see CheckMode). An event whose
 * latest version fails is left out and named as a problem, never counted half-right.
 * `vocabularies` tell which roles are narrower terms of victim and perpetrator.
 */
export function readViolationEvents(
  view: CaseEntries,
  vocabularies: Vocabularies = defaultVocabularies,
  /** The case's testimony ids, when the caller has read them already. */
  testimonyIds: ReadonlySet<string> = new Set(testimoniesOf(view).map((t) => t.id)),
): { events: CodedEvent[]; problems: ReadProblem[] } {
  const { readable, problems: misfiled } = documentationEntries(
    view.timeline.entries,
    'violation.coded',
  );
  const problems: ReadProblem[] = misfiled.map((p) => ({ ...p, kind: 'violation' }));
  const mode: CheckMode = {
    vocabularies,
    strict: null,
    testimonyIds,
  };
  const found = readRecords(
    readable,
    (content) => examine(content as ViolationEvent, mode),
    'violation',
    problems,
  );
  const events: CodedEvent[] = [];
  for (const { record, entry } of latestById(found)) {
    if (!record.ok) {
      problems.push({ seq: entry.seq, kind: 'violation', code: record.code });
      continue;
    }
    events.push({
      ...record.value,
      seq: entry.seq,
      authorId: entry.authorId,
      createdAt: entry.createdAt,
    });
  }
  return { events, problems: problems.sort((a, b) => a.seq - b.seq) };
}

/** The case's coded events that pass their checks, each its latest version. */
export const violationEventsOf = (view: CaseEntries): CodedEvent[] =>
  readViolationEvents(view).events;

/**
 * Saves a violation event whole as the next `violation.coded` event in `testimony`; a
 * new version of one already coded if its id is taken.
 * @throws DocumentationInputError before anything is written
 * @returns the case's new version
 */
export async function saveViolationEvent(
  session: MemberSession,
  view: CaseView,
  event: ViolationEvent,
  vocabularies: Vocabularies,
  today: string,
): Promise<number> {
  const previous = violationEventsOf(view).find((e) => e.id === event.id) ?? null;
  const testimonyIds = testimoniesOf(view).map((t) => t.id);
  const checked = checkViolationEvent(event, vocabularies, testimonyIds, today, previous);
  return appendToCase(session, view, documentationCompartment, 'violation.coded', checked);
}
