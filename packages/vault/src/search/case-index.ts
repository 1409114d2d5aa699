import MiniSearch from 'minisearch';
import {
  type PreparedCase,
  prepareCase,
  type SearchableCase,
  type SearchField,
  searchFields,
} from './searchable-case.ts';
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
  /** Indexes a case whose terms were made elsewhere (see `prepareCase`). */
  addPrepared(prepared: PreparedCase): void;
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

type IndexedCase = { readonly id: string } & PreparedCase['fields'];

// A title or a name says more about which case is meant than a word in a note.
const boost: Partial<Record<SearchField, number>> = { title: 3, identity: 2 };

export function createCaseIndex(): CaseIndex {
  const processor = createTermProcessor();
  // Terms arrive processed: the index only splits them.
  const split = (text: string) => (text === '' ? [] : text.split(' '));
  const index = new MiniSearch<IndexedCase>({
    fields: [...searchFields],
    storeFields: [],
    tokenize: split,
    processTerm: (term) => term,
  });

  const addPrepared = (prepared: PreparedCase) => {
    if (index.has(prepared.caseId)) index.discard(prepared.caseId);
    index.add({ id: prepared.caseId, ...prepared.fields });
  };

  return {
    addPrepared,
    addCase: (caseId, content) => addPrepared(prepareCase(processor, caseId, content)),
    removeCase(caseId) {
      if (index.has(caseId)) index.discard(caseId);
    },
    has: (caseId) => index.has(caseId),
    get size() {
      return index.documentCount;
    },
    search(query, options = {}) {
      const terms = processor.terms(query);
      if (terms.length === 0) return [];
      const results = index.search(terms.join(' '), {
        tokenize: split,
        processTerm: (term) => term,
        combineWith: 'AND',
        boost,
        // Measured on inflected Russian and English (docs/decisions/0022-minisearch.md):
        // Snowball leaves some forms a letter longer or shorter than others
        // ("задержа" / "задержан"), which prefixes and one edit bridge; shorter words get
        // no edit, or "казнь" would find "Казань".
        prefix: true,
        fuzzy: (term) => (term.length >= 6 ? 1 : false),
        maxFuzzy: 1,
      });
      return results.slice(0, options.limit ?? 50).map((result) => ({
        caseId: result.id as string,
        score: result.score,
        fields: [...new Set(Object.values(result.match).flat())] as SearchField[],
        terms: result.terms,
      }));
    },
    clear() {
      index.removeAll();
      processor.clear();
    },
  };
}
