import { defaultVocabularies } from '@corridor/protocol';
import { describe, expect, it } from 'vitest';
import { flattenTree, vocabularyTree } from './vocabulary-tree.ts';

describe('vocabularyTree', () => {
  it('nests the places under their parents, in vocabulary order', () => {
    const tree = vocabularyTree(defaultVocabularies.places);
    expect(tree.map((node) => node.term.id)).toEqual(['russia', 'belarus', 'unknown_place']);
    const chechnya = tree[0]?.children.find((node) => node.term.id === 'chechnya');
    expect(chechnya?.children.map((node) => node.term.id)).toEqual([
      'grozny',
      'argun',
      'tsotsi_yurt',
      'chechnya_unknown_detention_site',
    ]);
    const flat = flattenTree(tree);
    expect(flat).toHaveLength(defaultVocabularies.places.terms.length);
    expect(flat.find((entry) => entry.term.id === 'argun_detention_site')?.depth).toBe(3);
  });
});
