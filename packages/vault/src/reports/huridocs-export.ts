import { descendants, type VocabularyKind, type VocabularyTerm } from '@corridor/protocol';
import type {
  DigestEvent,
  DocumentationDigest,
} from '../documentation/documentation-digest-types.ts';
import { allowingTestimonies, anySourceAllows } from '../documentation/testimonies.ts';
import { type Vocabularies, vocabularyVersions } from '../documentation/vocabularies.ts';
import { isRealDate } from './report-facts.ts';
import { termIndex } from './report-labels.ts';
import type {
  HuridocsDocument,
  HuridocsEvent,
  HuridocsExport,
  HuridocsExportOptions,
  HuridocsTermRef,
} from './report-types.ts';

export type HuridocsExportErrorCode =
  | 'unknown_use'
  | 'use_not_for_export'
  | 'invalid_today'
  | 'invalid_range';

const errorMessages: Readonly<Record<HuridocsExportErrorCode, string>> = {
  unknown_use: 'the use is not in the consent vocabulary',
  use_not_for_export:
    'an export of events names people and places: choose a named body or publication with name, not internal use or anonymised statistics',
  invalid_today: 'the export date is not a date',
  invalid_range: 'the date range is not a pair of dates in order',
};

/** Thrown for an export that cannot be made as asked. */
export class HuridocsExportError extends Error {
  constructor(readonly code: HuridocsExportErrorCode) {
    super(errorMessages[code]);
  }
}

/**
 * The uses an event export may be made for: publication with name, and each named body
 * (the terms under `sharing_with_named_bodies`). Not `internal_only` (nothing leaves the
 * organisation) nor `anonymised_statistics` (events are records of named people and
 * places, not statistics).
 */
export function huridocsExportUses(vocabularies: Vocabularies): string[] {
  const uses = vocabularies.consent_uses;
  const named = descendants(uses, 'sharing_with_named_bodies');
  return uses.terms
    .map((term) => term.id)
    .filter((id) => id === 'named_publication' || named.includes(id));
}

/**
 * Coded events in the shape of the HURIDOCS Events Standard Formats — event → acts →
 * involvements, terms as ids with their English and Russian labels and the vocabulary
 * versions — for a body such as the UN. Consent for `use` governs: an event none of whose
 * source testimonies allows it is left out and counted. Persons keep their labels, and
 * events their titles, only where a source allows `named_publication`; otherwise they
 * are "Person 1", "Event 1"… No testimony text is in a digest, so none can be exported.
 * Like a report: only acts starting in `from`–`to` (when given), only verified acts when
 * `verifiedOnly`; an event left with no act is not exported (nor counted as left out).
 * Cases whose testimony the member cannot read are counted (`unreadableCases`).
 */
export function huridocsExport(
  digests: readonly DocumentationDigest[],
  vocabularies: Vocabularies,
  options: HuridocsExportOptions,
): HuridocsExport {
  if (!isRealDate(options.today)) throw new HuridocsExportError('invalid_today');
  if (!vocabularies.consent_uses.terms.some((term) => term.id === options.use)) {
    throw new HuridocsExportError('unknown_use');
  }
  if (!huridocsExportUses(vocabularies).includes(options.use)) {
    throw new HuridocsExportError('use_not_for_export');
  }
  const from = options.from ?? null;
  const to = options.to ?? null;
  if (
    (from !== null && !isRealDate(from)) ||
    (to !== null && !isRealDate(to)) ||
    (from !== null && to !== null && from > to)
  ) {
    throw new HuridocsExportError('invalid_range');
  }
  const verifiedOnly = options.verifiedOnly ?? false;
  const keepAct = (act: DigestEvent['acts'][number]): boolean =>
    (from === null || act.startDate >= from) &&
    (to === null || act.startDate <= to) &&
    (!verifiedOnly || act.verification.status === 'verified');
  const indexes = new Map<VocabularyKind, ReadonlyMap<string, VocabularyTerm>>();
  const ref = (kind: VocabularyKind, id: string): HuridocsTermRef => {
    let index = indexes.get(kind);
    if (index === undefined) {
      index = termIndex(vocabularies[kind]);
      indexes.set(kind, index);
    }
    const term = index.get(id);
    return {
      id,
      vocabulary: vocabularies[kind].id,
      labels: term === undefined ? null : { en: term.labels.en, ru: term.labels.ru },
    };
  };

  let leftOut = 0;
  let unreadableCases = 0;
  const chosen: { event: DigestEvent; named: boolean }[] = [];
  for (const digest of digests) {
    if (!digest.readsTestimony) {
      unreadableCases += 1;
      continue;
    }
    const allowing = allowingTestimonies(
      digest.testimonies,
      options.use,
      options.today,
      vocabularies,
    );
    const named = allowingTestimonies(
      digest.testimonies,
      'named_publication',
      options.today,
      vocabularies,
    );
    for (const whole of digest.events) {
      const acts = whole.acts.filter(keepAct);
      if (acts.length === 0) continue;
      if (!anySourceAllows(whole, allowing)) {
        leftOut += 1;
        continue;
      }
      const kept = new Set(acts.map((act) => act.id));
      const event: DigestEvent =
        acts.length === whole.acts.length
          ? whole
          : {
              ...whole,
              acts,
              involvements: whole.involvements.filter((i) => kept.has(i.actId)),
            };
      chosen.push({ event, named: event.sources.some((id) => named.has(id)) });
    }
  }
  chosen.sort(
    (a, b) =>
      a.event.startDate.localeCompare(b.event.startDate) || a.event.id.localeCompare(b.event.id),
  );

  const events = chosen.map(({ event, named }, n): HuridocsEvent => {
    const personNumber = new Map(event.persons.map((person, i) => [person.id, i + 1]));
    return {
      id: event.id,
      title: named ? event.title : `Event ${n + 1}`,
      startDate: event.startDate,
      endDate: event.endDate,
      place: event.place === null ? null : ref('places', event.place),
      vocabularyVersions: { ...event.vocabularyVersions },
      persons: event.persons.map((person) => ({
        id: person.id,
        label: named ? person.label : `Person ${personNumber.get(person.id) ?? 0}`,
        caseSubject: person.caseSubject,
      })),
      acts: event.acts.map((act) => ({
        id: act.id,
        type: ref('act_types', act.type),
        startDate: act.startDate,
        endDate: act.endDate,
        methods: act.methods.map((method) => ref('methods', method)),
        detentionPlace: act.detentionPlace === null ? null : ref('places', act.detentionPlace),
        verification: {
          status: ref('act_verification_statuses', act.verification.status),
          date: act.verification.date,
        },
        involvements: event.involvements
          .filter((involvement) => involvement.actId === act.id)
          .map((involvement) => ({
            personId: involvement.personId,
            role: ref('involvement_roles', involvement.role),
            perpetratorType:
              involvement.perpetratorType === null
                ? null
                : ref('perpetrator_types', involvement.perpetratorType),
          })),
      })),
    };
  });

  const document: HuridocsDocument = {
    format: 'corridor-huridocs-events',
    formatVersion: 1,
    use: options.use,
    exportedOn: options.today,
    vocabularies: vocabularyVersions(vocabularies),
    from,
    to,
    verifiedOnly,
    leftOutForConsent: leftOut,
    unreadableCases,
    events,
  };
  return { document, leftOut, unreadableCases };
}
