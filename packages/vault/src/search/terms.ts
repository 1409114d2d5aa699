import { newStemmer } from 'snowball-stemmers';

/**
 * How text becomes index terms, the same for what is indexed and what is typed:
 * split on anything that is not a letter, digit or combining mark (so Cyrillic,
 * Latin and digits alike), lower-cased, stress marks dropped, ё folded to е, then
 * stemmed with Snowball — Russian for Cyrillic words, English (Porter 2) for Latin
 * ones — so "Грозного" meets "Грозный" and "passports" meets "passport".
 */

const separators = /[^\p{L}\p{N}\p{M}]+/u;
// Combining acute and grave: the stress marks of Russian teaching texts (за́держан).
const stressMarks = /[\u0300\u0301]/g;
const cyrillic = /\p{Script=Cyrillic}/u;
const latin = /\p{Script=Latin}/u;

/**
 * Words too common to help find a case: prepositions, conjunctions and pronouns. Left
 * out of the index and of queries alike, so "в подвале" finds what "подвале" finds.
 */
const stopWords = new Set([
  ...'а без в во да для до же за и из или к ко ли на над не ни но о об от по под при про с со у уже что это как так то он она они оно мы вы я его ее их ей ему им'.split(
    ' ',
  ),
  ...'a an and are as at be by for from in is it of on or that the to was were with'.split(' '),
]);

/** Lower case, no stress marks, ё → е (Russian writes either for the same word). */
export function foldWord(word: string): string {
  return word.toLowerCase().replace(stressMarks, '').replaceAll('ё', 'е');
}

/** The raw words of a text, before folding and stemming. */
export function splitWords(text: string): string[] {
  return text.split(separators).filter((word) => word.length > 0);
}

export interface TermProcessor {
  /** The terms of a text, in order (repeats kept: they count towards a term's weight). */
  terms(text: string): string[];
  /**
   * The terms to index a text under: each word's stem and, where stemming cut it
   * short, the whole folded word too — so a query whose stem is longer than the
   * indexed one (`Ибрагиму` → `ибрагим` against `Ибрагим` → `ибраг`) still finds it
   * as a prefix.
   */
  indexTerms(text: string): string[];
  /** `indexTerms`, pushed onto `out` (no array made per text). */
  indexTermsInto(text: string, out: string[]): void;
  /** The term of one word, or null for a stop word. */
  term(word: string): string | null;
  /** Forgets the words it has seen (they are plaintext from cases). */
  clear(): void;
}

/**
 * A term processor with its own cache of stems. Stemming is the dear part and a
 * caseload repeats its words, so each distinct word is stemmed once. The cache holds
 * plaintext, so it lives and dies with its index: never module-wide.
 */
export function createTermProcessor(): TermProcessor {
  const russian = newStemmer('russian');
  const english = newStemmer('english');
  // Per word as written: its term (null for a stop word) and its folded form where
  // that differs from the term, so each distinct word is folded and stemmed once.
  const cache = new Map<string, readonly [string | null, string | null]>();

  const stem = (folded: string): string | null => {
    if (stopWords.has(folded)) return null;
    if (cyrillic.test(folded)) return russian.stem(folded);
    if (latin.test(folded)) return english.stem(folded);
    return folded;
  };

  const lookup = (word: string): readonly [string | null, string | null] => {
    let cached = cache.get(word);
    if (cached === undefined) {
      const folded = foldWord(word);
      const t = stem(folded);
      cached = [t, t !== null && folded !== t ? folded : null];
      cache.set(word, cached);
    }
    return cached;
  };

  const indexTermsInto = (text: string, out: string[]) => {
    for (const word of text.split(separators)) {
      if (word.length === 0) continue;
      const [t, folded] = lookup(word);
      if (!t) continue;
      out.push(t);
      if (folded !== null) out.push(folded);
    }
  };

  return {
    term: (word) => lookup(word)[0],
    terms(text) {
      const out: string[] = [];
      for (const word of splitWords(text)) {
        const t = lookup(word)[0];
        if (t) out.push(t);
      }
      return out;
    },
    indexTerms(text) {
      const out: string[] = [];
      indexTermsInto(text, out);
      return out;
    },
    indexTermsInto,
    clear: () => cache.clear(),
  };
}
