import { termPath, type Vocabulary, type VocabularyTerm } from '@corridor/protocol';

/** The languages the UI speaks; a term's labels have both. */
export type UiLanguage = 'en' | 'ru';

/** `ru` for Russian, `en` for everything else: the vocabularies carry only these two. */
export const uiLanguage = (language: string): UiLanguage =>
  language.startsWith('ru') ? 'ru' : 'en';

/**
 * A term as people read it: its label, or the labels of its path joined with ›
 * ("Chechen Republic › Argun › Secret prison in Argun") when `withPath`. An id the
 * vocabulary lacks (coded against another organisation's terms) is shown as itself,
 * so nothing coded disappears from the page.
 */
export function termLabel(
  vocabulary: Vocabulary,
  id: string,
  language: UiLanguage,
  withPath = false,
): string {
  const path = termPath(vocabulary, id);
  if (path.length === 0) return id;
  const labels = path.map((term) => term.labels[language]);
  return withPath ? labels.join(' › ') : (labels.at(-1) ?? id);
}

export interface TermChoice {
  readonly id: string;
  readonly label: string;
  readonly depth: number;
}

/**
 * The terms new coding may pick, parents before children in vocabulary order, each with
 * its path label; retired terms and everything under them are left out, as
 * `checkTerm` would refuse them. `skipRoots` drops the root from a longer path
 * ("Russia › "), which nearly every place would repeat.
 */
export function termChoices(
  vocabulary: Vocabulary,
  language: UiLanguage,
  options: { readonly skipRoots?: boolean } = {},
): TermChoice[] {
  const children = new Map<string | null, VocabularyTerm[]>();
  for (const term of vocabulary.terms) {
    const siblings = children.get(term.parent) ?? [];
    siblings.push(term);
    children.set(term.parent, siblings);
  }
  const choices: TermChoice[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, labels: string[]) => {
    for (const term of children.get(parent) ?? []) {
      if (term.retired || seen.has(term.id)) continue;
      seen.add(term.id);
      const path = [...labels, term.labels[language]];
      const shown = options.skipRoots && path.length > 1 ? path.slice(1) : path;
      choices.push({ id: term.id, label: shown.join(' › '), depth: path.length });
      visit(term.id, path);
    }
  };
  visit(null, []);
  return choices;
}

/**
 * The choices with a term the record already holds added when it is missing (retired
 * since it was coded): editing an old record must not silently recode it.
 */
export function withCurrent(
  choices: readonly TermChoice[],
  vocabulary: Vocabulary,
  current: string | null,
  language: UiLanguage,
): TermChoice[] {
  if (current === null || current === '' || choices.some((c) => c.id === current)) {
    return [...choices];
  }
  return [
    ...choices,
    { id: current, label: termLabel(vocabulary, current, language, true), depth: 1 },
  ];
}
