import {
  prepareCase,
  type SearchableCase,
  type SearchField,
  searchFields,
} from './searchable-case.ts';
import { TermIndex } from './term-index.ts';
import { createTermProcessor } from './terms.ts';

/** One case that matches a query, best first. */
export interface CaseHit {
  readonly caseId: string;
  readonly score: number;
  /** Where the words were found, so the list can say "in testimony". */
  readonly fields: readonly SearchField[];
  /** The index terms (stems) that matched. */
  readonly terms: readonly string[];
}

export interface SearchOptions {
  /** At most this many hits (default 50). */
  readonly limit?: number;
}

/**
 * An in-memory full-text index of the cases a member has opened. It holds what they
 * may read and nothing else, and is never written anywhere: lock or log out and it is
 * gone (call `clear` to drop it sooner).
 */
export interface CaseIndex {
  /** Indexes a case, replacing what was indexed for it before. */
  addCase(caseId: string, content: SearchableCase): void;
  removeCase(caseId: string): void;
  has(caseId: string): boolean;
  readonly size: number;
  /**
   * Cases matching every word of the query (in any field), best first. Each word also
   * matches longer ones it begins (so an unfinished word finds), and a word of six
   * letters or more one a letter off (a typo, or an ending the stemmer left on).
   */
  search(query: string, options?: SearchOptions): CaseHit[];
  clear(): void;
}

// A title or a name says more about which case is meant than a word in a note.
const boostOf: Partial<Record<SearchField, number>> = { title: 3, identity: 2 };
const boosts = searchFields.map((field) => boostOf[field] ?? 1);

export function createCaseIndex(): CaseIndex {
  const processor = createTermProcessor();
  const index = new TermIndex(searchFields.length);
  return {
    addCase(caseId, content) {
      const prepared = prepareCase(processor, caseId, content);
      index.add(prepared.caseId, prepared.fields);
    },
    removeCase(caseId) {
      if (!index.has(caseId)) return;
      index.remove(caseId);
      // The stem cache holds words as written, the removed case's among them.
      processor.clear();
    },
    has: (caseId) => index.has(caseId),
    get size() {
      return index.size;
    },
    search(query, options = {}) {
      return index
        .search({
          terms: processor.terms(query),
          boosts,
          // Measured on inflected Russian and English (docs/decisions/0022-minisearch.md):
          // Snowball leaves some forms a letter longer or shorter than others
          // ("задержа" / "задержан"), which prefixes and one edit bridge; shorter words
          // get no edit, or "казнь" would find "Казань".
          fuzzyFrom: 6,
          limit: options.limit ?? 50,
        })
        .map((hit) => ({
          caseId: hit.id,
          score: hit.score,
          fields: hit.fields.map((field) => searchFields[field] as SearchField),
          terms: hit.terms,
        }));
    },
    clear() {
      index.clear();
      processor.clear();
    },
  };
}
