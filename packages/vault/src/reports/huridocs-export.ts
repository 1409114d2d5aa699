import type { VocabularyKind, VocabularyTerm } from '@corridor/protocol';
import type {
  DigestEvent,
  DocumentationDigest,
} from '../documentation/documentation-digest-types.ts';
import { consentAllows } from '../documentation/testimonies.ts';
import { type Vocabularies, vocabularyVersions } from '../documentation/vocabularies.ts';
import { allowingTestimonies, eventAllowed } from './report-consent.ts';
import { isRealDate } from './report-facts.ts';
import { termIndex } from './report-labels.ts';
import type {
  HuridocsDocument,
  HuridocsEvent,
  HuridocsExport,
  HuridocsExportOptions,
  HuridocsTermRef,
} from './report-types.ts';

/** Thrown for an export that cannot be made as asked. */
export class HuridocsExportError extends Error {
  constructor(readonly code: 'unknown_use' | 'invalid_today') {
    super(code.replaceAll('_', ' '));
  }
}

/**
 * Coded events in the shape of the HURIDOCS Events Standard Formats — event → acts →
 * involvements, terms as ids with their English and Russian labels and the vocabulary
 * versions — for a body such as the UN. Consent for `use` governs: an event none of whose
 * source testimonies allows it is left out and counted. Persons keep their labels, and
 * events their titles, only where a source allows `named_publication`; otherwise they
 * are "Person 1", "Event 1"… No testimony text is in a digest, so none can be exported.
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
  const chosen: { event: DigestEvent; named: boolean }[] = [];
  for (const digest of digests) {
    if (!digest.readsTestimony) continue;
    const allowing = allowingTestimonies(
      digest.testimonies,
      options.use,
      options.today,
      vocabularies,
    );
    const named = new Set(
      digest.testimonies
        .filter((t) => consentAllows(t.consent, 'named_publication', options.today, vocabularies))
        .map((t) => t.id),
    );
    for (const event of digest.events) {
      if (!eventAllowed(event, allowing)) {
        leftOut += 1;
        continue;
      }
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
    leftOutForConsent: leftOut,
    events,
  };
  return { document, leftOut };
}
