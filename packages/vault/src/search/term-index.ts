/**
 * An inverted index of terms already processed (see terms.ts): which documents hold a
 * term, in which field, how often. Ranked with BM25+ as MiniSearch ranks (decision
 * 0027 says why it replaced MiniSearch: its radix tree cost more to fill than the
 * caseload cost to decrypt). Prefix and one-letter-off matches are found in a sorted
 * vocabulary made at search time, so adding a document costs a few Map operations a
 * term.
 */

/** Of a query term: the index terms it reached, each with its weight. */
interface Expansion {
  readonly term: string;
  readonly weight: number;
}

export interface TermHit {
  readonly id: string;
  readonly score: number;
  /** Indexes of the fields the query's terms were found in. */
  readonly fields: readonly number[];
  /** The index terms that matched. */
  readonly terms: readonly string[];
}

export interface TermQuery {
  /** Processed query terms; a document must match each (one way or another). */
  readonly terms: readonly string[];
  /** Multiplies a field's score; 1 where not given. */
  readonly boosts: readonly number[];
  /** Terms this long or longer also match index terms one edit away. */
  readonly fuzzyFrom: number;
  readonly limit: number;
}

// MiniSearch's defaults, kept so ranking did not change with the engine.
const k1 = 1.2;
const b = 0.7;
const d = 0.5;
const prefixWeight = 0.375;
const fuzzyWeight = 0.45;

/** True when `a` and `b` differ by one insertion, deletion or substitution. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) return a.slice(i + 1) === b.slice(i + 1);
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

export class TermIndex {
  /** Per term: flat triples of document number, field, count. */
  private postings = new Map<string, number[]>();
  private readonly numberOf = new Map<string, number>();
  private ids: (string | null)[] = [];
  /** Per document, the number of terms in each field (fieldCount entries each). */
  private lengths: number[] = [];
  /** Per document, its distinct terms: what `remove` takes out of the postings. */
  private termsOf: (string[] | null)[] = [];
  private readonly totals: number[];
  private live = 0;
  private dead = 0;
  private vocabulary: string[] | null = null;
  private byLength: Map<number, string[]> | null = null;
  /** Reused by `add` for each field's term counts: one Map, not one a field. */
  private readonly counts = new Map<string, number>();

  constructor(private readonly fieldCount: number) {
    this.totals = new Array<number>(fieldCount).fill(0);
  }

  get size(): number {
    return this.live;
  }

  /** How many distinct terms the index holds (a removed document's own terms are gone). */
  get termCount(): number {
    return this.postings.size;
  }

  has(id: string): boolean {
    return this.numberOf.has(id);
  }

  /** Indexes a document, replacing what was indexed under its id before. */
  add(id: string, fields: readonly (readonly string[])[]): void {
    this.remove(id);
    const doc = this.ids.length;
    this.ids.push(id);
    this.numberOf.set(id, doc);
    this.live++;
    // Each field's distinct terms (a term in two fields is listed twice: harmless).
    const distinct: string[] = [];
    for (let field = 0; field < this.fieldCount; field++) {
      const terms = fields[field] ?? [];
      this.lengths.push(terms.length);
      this.totals[field] = (this.totals[field] ?? 0) + terms.length;
      if (terms.length === 0) continue;
      const counts = this.counts;
      counts.clear();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, count] of counts) {
        let list = this.postings.get(term);
        if (list === undefined) {
          list = [];
          this.postings.set(term, list);
          this.vocabulary = null;
        }
        list.push(doc, field, count);
        distinct.push(term);
      }
    }
    this.termsOf.push(distinct);
  }

  remove(id: string): void {
    const doc = this.numberOf.get(id);
    if (doc === undefined) return;
    this.numberOf.delete(id);
    this.ids[doc] = null;
    for (let field = 0; field < this.fieldCount; field++) {
      this.totals[field] = (this.totals[field] ?? 0) - this.length(doc, field);
    }
    this.live--;
    this.dead++;
    // Its words leave the index now, not at some later compaction: a case taken away from
    // the member must not stay searchable, or in memory, by what it said.
    for (const term of this.termsOf[doc] ?? []) {
      const list = this.postings.get(term);
      if (list === undefined) continue;
      const kept: number[] = [];
      for (let i = 0; i < list.length; i += 3) {
        if (list[i] !== doc)
          kept.push(list[i] as number, list[i + 1] as number, list[i + 2] as number);
      }
      if (kept.length > 0) {
        this.postings.set(term, kept);
      } else {
        this.postings.delete(term);
        this.vocabulary = null;
      }
    }
    this.termsOf[doc] = null;
    // Numbers of removed documents are left as gaps; renumber once they dominate.
    if (this.dead > 1000 && this.dead > this.live) this.compact();
  }

  clear(): void {
    this.postings = new Map();
    this.numberOf.clear();
    this.ids = [];
    this.lengths = [];
    this.termsOf = [];
    this.totals.fill(0);
    this.live = 0;
    this.dead = 0;
    this.vocabulary = null;
    this.byLength = null;
  }

  search(query: TermQuery): TermHit[] {
    if (query.terms.length === 0 || this.live === 0) return [];
    let matched: Map<number, { score: number; fields: Set<number>; terms: Set<string> }> | null =
      null;
    for (const term of query.terms) {
      const found = new Map<number, { score: number; fields: Set<number>; terms: Set<string> }>();
      for (const { term: indexed, weight } of this.expand(term, query.fuzzyFrom)) {
        this.score(indexed, weight, query.boosts, (doc, field, score) => {
          let hit = found.get(doc);
          if (hit === undefined) {
            hit = { score: 0, fields: new Set(), terms: new Set() };
            found.set(doc, hit);
          }
          hit.score += score;
          hit.fields.add(field);
          hit.terms.add(indexed);
        });
      }
      if (matched === null) {
        matched = found;
      } else {
        // Every query term must match: keep only documents found for this one too.
        const both: typeof found = new Map();
        for (const [doc, hit] of matched) {
          const more = found.get(doc);
          if (more === undefined) continue;
          hit.score += more.score;
          for (const field of more.fields) hit.fields.add(field);
          for (const t of more.terms) hit.terms.add(t);
          both.set(doc, hit);
        }
        matched = both;
      }
      if (matched.size === 0) return [];
    }
    const hits: TermHit[] = [];
    for (const [doc, hit] of matched ?? []) {
      const id = this.ids[doc];
      if (id == null) continue;
      hits.push({ id, score: hit.score, fields: [...hit.fields], terms: [...hit.terms] });
    }
    hits.sort((x, y) => y.score - x.score);
    return hits.slice(0, query.limit);
  }

  private length(doc: number, field: number): number {
    return this.lengths[doc * this.fieldCount + field] ?? 0;
  }

  /** The index terms a query term reaches: itself, longer ones it begins, near ones. */
  private expand(term: string, fuzzyFrom: number): Expansion[] {
    const out: Expansion[] = [];
    if (this.postings.has(term)) out.push({ term, weight: 1 });
    const vocabulary = this.sortedVocabulary();
    const seen = new Set<string>([term]);
    for (let i = lowerBound(vocabulary, term); i < vocabulary.length; i++) {
      const other = vocabulary[i] as string;
      if (!other.startsWith(term)) break;
      if (seen.has(other)) continue;
      seen.add(other);
      const distance = other.length - term.length;
      out.push({
        term: other,
        weight: (prefixWeight * term.length) / (term.length + 0.3 * distance),
      });
    }
    if (term.length >= fuzzyFrom) {
      for (let length = term.length - 1; length <= term.length + 1; length++) {
        for (const other of this.byLength?.get(length) ?? []) {
          if (seen.has(other) || !oneEditApart(term, other)) continue;
          seen.add(other);
          out.push({ term: other, weight: (fuzzyWeight * term.length) / (term.length + 1) });
        }
      }
    }
    return out;
  }

  private sortedVocabulary(): string[] {
    if (this.vocabulary === null) {
      this.vocabulary = [...this.postings.keys()].sort();
      this.byLength = new Map();
      for (const term of this.vocabulary) {
        const same = this.byLength.get(term.length);
        if (same) same.push(term);
        else this.byLength.set(term.length, [term]);
      }
    }
    return this.vocabulary;
  }

  /** BM25+ of one index term, per field, for each live document that holds it. */
  private score(
    term: string,
    weight: number,
    boosts: readonly number[],
    add: (doc: number, field: number, score: number) => void,
  ): void {
    const list = this.postings.get(term);
    if (list === undefined) return;
    // Documents holding the term, per field: the rarer, the more it says.
    const holding = new Array<number>(this.fieldCount).fill(0);
    for (let i = 0; i < list.length; i += 3) {
      if (this.ids[list[i] as number] != null) {
        const field = list[i + 1] as number;
        holding[field] = (holding[field] ?? 0) + 1;
      }
    }
    for (let i = 0; i < list.length; i += 3) {
      const doc = list[i] as number;
      if (this.ids[doc] == null) continue;
      const field = list[i + 1] as number;
      const count = list[i + 2] as number;
      const n = holding[field] ?? 1;
      const average = (this.totals[field] ?? 0) / this.live || 1;
      const idf = Math.log(1 + (this.live - n + 0.5) / (n + 0.5));
      const tf =
        d + (count * (k1 + 1)) / (count + k1 * (1 - b + (b * this.length(doc, field)) / average));
      add(doc, field, weight * (boosts[field] ?? 1) * idf * tf);
    }
  }

  /** Rebuilds the postings without removed documents, renumbering the live ones. */
  private compact(): void {
    const renumber = new Map<number, number>();
    const ids: string[] = [];
    const lengths: number[] = [];
    const termsOf: (string[] | null)[] = [];
    for (const [doc, id] of this.ids.entries()) {
      if (id == null) continue;
      renumber.set(doc, ids.length);
      this.numberOf.set(id, ids.length);
      ids.push(id);
      termsOf.push(this.termsOf[doc] ?? null);
      for (let field = 0; field < this.fieldCount; field++) lengths.push(this.length(doc, field));
    }
    const postings = new Map<string, number[]>();
    for (const [term, list] of this.postings) {
      const kept: number[] = [];
      for (let i = 0; i < list.length; i += 3) {
        const doc = renumber.get(list[i] as number);
        if (doc !== undefined) kept.push(doc, list[i + 1] as number, list[i + 2] as number);
      }
      if (kept.length > 0) postings.set(term, kept);
    }
    this.postings = postings;
    this.ids = ids;
    this.lengths = lengths;
    this.termsOf = termsOf;
    this.dead = 0;
    this.vocabulary = null;
  }
}

/** The first index in sorted `list` whose entry is not below `value`. */
function lowerBound(list: readonly string[], value: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((list[mid] as string) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
