import {
  checkTerm,
  defaultVocabularies,
  descendants,
  type Vocabulary,
  type VocabularyKind,
  vocabularyKinds,
} from '@corridor/protocol';

export { defaultVocabularies };

/** The organisation's vocabularies, one of each kind (`loadVocabularies`, or the defaults). */
export type Vocabularies = Readonly<Record<VocabularyKind, Vocabulary>>;

/** Each vocabulary's version by id: what a coded event records it was coded against. */
export function vocabularyVersions(vocabularies: Vocabularies): Record<string, number> {
  const versions: Record<string, number> = {};
  for (const kind of vocabularyKinds) {
    const vocabulary = vocabularies[kind];
    versions[vocabulary.id] = vocabulary.version;
  }
  return versions;
}

/** The term and every term below it: a role "victim" counts its narrower roles too. */
export function termAndBelow(vocabulary: Vocabulary, id: string): Set<string> {
  return new Set([id, ...descendants(vocabulary, id)]);
}

export type TermProblem = 'unknown_term' | 'retired_term' | 'wrong_vocabulary';

/**
 * What is wrong with choosing `id` from `kind` for new coding, or null: `wrong_vocabulary`
 * when the id is a term of another vocabulary (a perpetrator type given as an act type),
 * `unknown_term` when it is no term at all, `retired_term` when it or a broader term is
 * retired — unless `tolerated` holds it (kept from the record's earlier version: a term
 * retired since the record was coded stays on it).
 */
export function termProblem(
  vocabularies: Vocabularies,
  kind: VocabularyKind,
  id: string,
  tolerated: ReadonlySet<string> = new Set(),
): TermProblem | null {
  const check = checkTerm(vocabularies[kind], id);
  if (check.ok) return null;
  if (check.code === 'retired_term') return tolerated.has(id) ? null : 'retired_term';
  const elsewhere = vocabularyKinds.some(
    (other) => other !== kind && checkTerm(vocabularies[other], id).ok,
  );
  return elsewhere ? 'wrong_vocabulary' : 'unknown_term';
}
