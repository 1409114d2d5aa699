import { type Compartment, compartments } from '@corridor/protocol';
import type { TimelineEntry } from '../cases/case-events.ts';
import type { CaseFields } from '../cases/cases.ts';
import type { TermProcessor } from './terms.ts';

/**
 * What search may see of a case: exactly what the member could read when it was opened.
 * A `CaseView` is one; `searchableFromTimeline` makes one from timeline entries.
 */
export interface SearchableCase {
  readonly title: string | null;
  /** The latest fields of each compartment the member holds. */
  readonly compartments: Partial<Record<Compartment, CaseFields>>;
  readonly notes: readonly { readonly text: string }[];
}

/** Where in a case a word was found: its title, its notes, or one of its compartments. */
export type SearchField = 'title' | 'notes' | Compartment;
export const searchFields: readonly SearchField[] = ['title', ...compartments, 'notes'];

/** A case's terms per field, in `searchFields` order: ready to index. */
export interface PreparedCase {
  readonly caseId: string;
  readonly fields: readonly (readonly string[])[];
}

/**
 * The searchable parts of a timeline, read as `openCase` reads them: the opening title,
 * each compartment's latest fields, every note. Entries without content (compartments
 * the member's teams do not hold) give nothing.
 */
export function searchableFromTimeline(entries: readonly TimelineEntry[]): SearchableCase {
  let title: string | null = null;
  const latest: Partial<Record<Compartment, CaseFields>> = {};
  const notes: { text: string }[] = [];
  for (const entry of entries) {
    const content = entry.content as Record<string, unknown> | null;
    if (!content) continue;
    if (entry.kind === 'case.opened' && typeof content.title === 'string') title = content.title;
    if (entry.kind === 'compartment.updated' && content.fields) {
      latest[entry.compartment] = content.fields as CaseFields;
    }
    if (entry.kind === 'note.added' && typeof content.text === 'string') {
      notes.push({ text: content.text });
    }
  }
  return { title, compartments: latest, notes };
}

/**
 * Turns a case's text into index terms, field by field.
 */
export function prepareCase(
  processor: TermProcessor,
  caseId: string,
  content: SearchableCase,
): PreparedCase {
  const text = (values: Iterable<unknown>) => {
    const terms: string[] = [];
    for (const value of values) {
      if (typeof value === 'string') processor.indexTermsInto(value, terms);
    }
    return terms;
  };
  const fields = searchFields.map((field) => {
    if (field === 'title') return text([content.title]);
    if (field === 'notes') return text(content.notes.map((note) => note.text));
    return text(Object.values(content.compartments[field] ?? {}));
  });
  return { caseId, fields };
}
