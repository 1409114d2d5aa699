import type { Vocabulary, VocabularyTerm } from '@corridor/protocol';

/** A term with the terms under it, in vocabulary order. */
export interface TermNode {
  readonly term: VocabularyTerm;
  readonly children: readonly TermNode[];
}

/**
 * The vocabulary as a tree of its roots. A term whose parent is missing (a vocabulary
 * that passed `VocabularySchema` has none) would be shown as a root rather than lost.
 */
export function vocabularyTree(vocabulary: Vocabulary): TermNode[] {
  const ids = new Set(vocabulary.terms.map((term) => term.id));
  const children = new Map<string | null, VocabularyTerm[]>();
  for (const term of vocabulary.terms) {
    const parent = term.parent !== null && ids.has(term.parent) ? term.parent : null;
    const siblings = children.get(parent) ?? [];
    siblings.push(term);
    children.set(parent, siblings);
  }
  const seen = new Set<string>();
  const build = (parent: string | null): TermNode[] =>
    (children.get(parent) ?? [])
      .filter((term) => {
        if (seen.has(term.id)) return false;
        seen.add(term.id);
        return true;
      })
      .map((term) => ({ term, children: build(term.id) }));
  return build(null);
}

/** Every term, parents before children, with its depth: for the pickers. */
export function flattenTree(
  nodes: readonly TermNode[],
  depth = 0,
): { term: VocabularyTerm; depth: number }[] {
  return nodes.flatMap((node) => [
    { term: node.term, depth },
    ...flattenTree(node.children, depth + 1),
  ]);
}
