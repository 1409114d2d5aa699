import { descendants, documentationCompartment } from '@corridor/protocol';
import type { MemberSession } from '../auth/log-in.ts';
import { appendToCase, type CaseEntries, type CaseView } from '../cases/cases.ts';
import { DocumentationInputError } from './documentation-input-error.ts';
import { parseRecord, pastDate, requiredText } from './record-checks.ts';
import { type Consent, type Testimony, TestimonySchema } from './records.ts';
import {
  documentationEntries,
  latestById,
  type ReadProblem,
  readRecords,
} from './stored-records.ts';
import { termProblem, type Vocabularies } from './vocabularies.ts';

/** The use always allowed: the organisation's own work on the case. */
export const internalUse = 'internal_only';
/** The group of named bodies: consent must name the body, the group alone allows none. */
export const namedBodiesGroup = 'sharing_with_named_bodies';

/**
 * Checks and tidies a testimony before it is written: text and interviewer present, a
 * language tag, an interview date that is real and not after `today`, and consent —
 * required — whose uses are terms of `consent_uses` (none retired unless `previous`, the
 * record's earlier version, already had it), naming a body when it says "named bodies",
 * given on a date not after `today`, and expiring no earlier than it was given.
 * @throws DocumentationInputError
 */
export function checkTestimony(
  testimony: Testimony,
  vocabularies: Vocabularies,
  today: string,
  previous: Testimony | null = null,
): Testimony {
  requiredText(testimony.text, 'text');
  const interviewer = requiredText(testimony.interviewer, 'interviewer');
  if (testimony.consent === null || testimony.consent === undefined) {
    throw new DocumentationInputError('consent_required', 'consent');
  }
  const draft = {
    ...testimony,
    // The statement stays exactly as given.
    interviewer,
    language: testimony.language.trim(),
    consent: { ...testimony.consent, uses: [...new Set(testimony.consent.uses)] },
  };
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/.test(draft.language)) {
    throw new DocumentationInputError('language_invalid', 'language');
  }
  pastDate(draft.interviewDate, 'interviewDate', today);
  const checked = parseRecord(TestimonySchema, draft);
  const consent = checked.consent as Consent;
  const kept = new Set(previous?.consent?.uses ?? []);
  consent.uses.forEach((use, i) => {
    const problem = termProblem(vocabularies, 'consent_uses', use, kept);
    if (problem === 'retired_term')
      throw new DocumentationInputError('retired_term', `consent.uses.${i}`);
    if (problem !== null)
      throw new DocumentationInputError('consent_use_unknown', `consent.uses.${i}`);
  });
  if (consent.uses.includes(namedBodiesGroup)) {
    const bodies = new Set(descendants(vocabularies.consent_uses, namedBodiesGroup));
    if (!consent.uses.some((use) => bodies.has(use))) {
      throw new DocumentationInputError(
        'consent_body_required',
        `consent.uses.${consent.uses.indexOf(namedBodiesGroup)}`,
      );
    }
  }
  pastDate(consent.givenOn, 'consent.givenOn', today);
  if (consent.expiresOn !== null && consent.expiresOn < consent.givenOn) {
    throw new DocumentationInputError('consent_expired_before_given', 'consent.expiresOn');
  }
  return checked;
}

/**
 * Whether `consent` allows `use` on the date `on` (`YYYY-MM-DD`, the report's date) —
 * the one consent rule (docs/decisions/0049-documentation-consent-and-evidence.md): `internal_only` always does, it
 * is the organisation's own work on the case; any other use only if the consent lists
 * that use's term exactly — for sharing, the named body's own term: the group "named
 * bodies" alone allows sharing with no one — and `on` is not after `expiresOn`. No
 * consent (null, records from before consent was taken) allows nothing but internal use.
 * `vocabularies` is where a use must be a term: an unknown use is never allowed.
 */
export function consentAllows(
  consent: Consent | null,
  use: string,
  on: string,
  vocabularies: Vocabularies,
): boolean {
  if (use === internalUse) return true;
  if (consent === null || use === namedBodiesGroup) return false;
  if (consent.expiresOn !== null && on > consent.expiresOn) return false;
  if (!vocabularies.consent_uses.terms.some((term) => term.id === use)) return false;
  return consent.uses.includes(use);
}

/** The ids of the `testimonies` (a case's) whose consent allows `use` on `on`. */
export function allowingTestimonies(
  testimonies: readonly { readonly id: string; readonly consent: Consent | null }[],
  use: string,
  on: string,
  vocabularies: Vocabularies,
): ReadonlySet<string> {
  const allowing = new Set<string>();
  for (const t of testimonies) {
    if (consentAllows(t.consent, use, on, vocabularies)) allowing.add(t.id);
  }
  return allowing;
}

/**
 * Whether a coded event may be used for `use`: when at least one of its source
 * testimonies is among `allowing` (`allowingTestimonies` for that use and date). An event
 * with no sources, or none that allows the use, may not be — it is left out and counted
 * as left out — except for internal work, which is always allowed.
 */
export function eventConsentAllows(
  event: { readonly sources: readonly string[] },
  allowing: ReadonlySet<string>,
  use: string,
): boolean {
  return use === internalUse || anySourceAllows(event, allowing);
}

/**
 * Whether one of the event's sources is among `allowing`. Reports use this alone: an
 * internal report still leaves out an event with no source (decision 0048).
 */
export const anySourceAllows = (
  event: { readonly sources: readonly string[] },
  allowing: ReadonlySet<string>,
): boolean => event.sources.some((source) => allowing.has(source));

/** A testimony as the member reads it: its latest version, and who wrote that, when. */
export interface RecordedTestimony extends Testimony {
  readonly seq: number;
  readonly authorId: string;
  readonly createdAt: string;
  /** How many versions were written (a consent change is a new version). */
  readonly versions: number;
}

/**
 * The checks a stored testimony must pass to be used: its schema, a real interview date,
 * and a consent that expires no earlier than it was given. Consent may be null (written
 * before consent was taken: used for nothing); vocabularies are not consulted — a use
 * retired since still holds, and an unknown use allows nothing anyway.
 */
export function checkStoredTestimony(content: unknown): Testimony {
  const testimony = parseRecord(TestimonySchema, content);
  pastDate(testimony.interviewDate, 'interviewDate', null);
  const consent = testimony.consent;
  if (consent !== null && consent.expiresOn !== null && consent.expiresOn < consent.givenOn) {
    throw new DocumentationInputError('consent_expired_before_given', 'consent.expiresOn');
  }
  return testimony;
}

/**
 * The case's testimonies and the stored ones that failed their checks. The latest event
 * naming an id is the record; one whose latest version fails is left out (not replaced
 * by an older one: that would use what its author has since changed).
 */
export function readTestimonies(view: CaseEntries): {
  testimonies: RecordedTestimony[];
  problems: ReadProblem[];
} {
  const { readable, problems: misfiled } = documentationEntries(
    view.timeline.entries,
    'testimony.recorded',
  );
  const problems: ReadProblem[] = misfiled.map((p) => ({ ...p, kind: 'testimony' }));
  const found = readRecords(readable, checkStoredTestimony, 'testimony', problems);
  const testimonies: RecordedTestimony[] = [];
  for (const { record, entry, versions } of latestById(found)) {
    if (!record.ok) {
      problems.push({ seq: entry.seq, kind: 'testimony', code: record.code });
      continue;
    }
    testimonies.push({
      ...record.value,
      seq: entry.seq,
      authorId: entry.authorId,
      createdAt: entry.createdAt,
      versions,
    });
  }
  return { testimonies, problems: problems.sort((a, b) => a.seq - b.seq) };
}

/** The case's testimonies the member can read, each its latest version. */
export const testimoniesOf = (view: CaseEntries): RecordedTestimony[] =>
  readTestimonies(view).testimonies;

/**
 * Saves a testimony whole as the next `testimony.recorded` event in `testimony`; a new
 * version of one already recorded if its id is taken.
 * @throws DocumentationInputError before anything is written
 * @returns the case's new version
 */
export async function saveTestimony(
  session: MemberSession,
  view: CaseView,
  testimony: Testimony,
  vocabularies: Vocabularies,
  today: string,
): Promise<number> {
  const previous = testimoniesOf(view).find((t) => t.id === testimony.id) ?? null;
  const checked = checkTestimony(testimony, vocabularies, today, previous);
  return appendToCase(session, view, documentationCompartment, 'testimony.recorded', checked);
}
