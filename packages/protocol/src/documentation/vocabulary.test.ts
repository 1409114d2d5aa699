import { describe, expect, it } from 'vitest';
import {
  checkTerm,
  defaultVocabularies,
  descendants,
  mergeVocabulary,
  termPath,
  type Vocabulary,
  type VocabularyEdit,
  VocabularyEditsSchema,
  VocabularySchema,
  type VocabularyTerm,
  vocabularyKinds,
  vocabularyLimits,
  vocabularyProblem,
} from './vocabulary.ts';

const term = (id: string, parent: string | null, retired = false): VocabularyTerm => ({
  id,
  parent,
  labels: { en: `Term ${id}`, ru: `Термин ${id}` },
  retired,
});

const vocabulary = (terms: VocabularyTerm[]): Vocabulary => ({ id: 'test', version: 3, terms });

// root ─┬─ a ─┬─ a1 ── a1x
//       │     └─ a2 (retired)
//       └─ b
// other
const tree = vocabulary([
  term('root', null),
  term('a', 'root'),
  term('a1', 'a'),
  term('a2', 'a', true),
  term('b', 'root'),
  term('a1x', 'a1'),
  term('other', null),
]);

const problemOf = (terms: VocabularyTerm[]) => {
  const parsed = VocabularySchema.safeParse(vocabulary(terms));
  return parsed.success ? null : parsed.error.issues[0]?.message;
};

describe('the default vocabularies', () => {
  it.each(vocabularyKinds)('%s validates and is version 1 under its own id', (kind) => {
    const parsed = VocabularySchema.safeParse(defaultVocabularies[kind]);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(defaultVocabularies[kind].id).toBe(kind);
    expect(defaultVocabularies[kind].version).toBe(1);
  });

  it('gives every term an English and a Russian label, the Russian one in Cyrillic', () => {
    for (const kind of vocabularyKinds) {
      for (const { id, labels } of defaultVocabularies[kind].terms) {
        expect(labels.en.trim(), `${kind}/${id}`).not.toBe('');
        expect(labels.ru, `${kind}/${id}`).toMatch(/[А-Яа-яЁё]/);
        expect(labels.en, `${kind}/${id}`).not.toMatch(/[А-Яа-яЁё]/);
      }
    }
  });

  it('retires nothing and gives no two sibling terms the same label', () => {
    for (const kind of vocabularyKinds) {
      const terms = defaultVocabularies[kind].terms;
      expect(terms.filter((t) => t.retired)).toEqual([]);
      for (const language of ['en', 'ru'] as const) {
        const keys = terms.map((t) => `${t.parent}/${t.labels[language]}`);
        expect(new Set(keys).size, `${kind} ${language}`).toBe(keys.length);
      }
    }
  });

  it('has the acts the issue names, grouped under the rights they violate', () => {
    const acts = defaultVocabularies.act_types;
    const groupOf = (id: string) => termPath(acts, id)[0]?.id;
    expect(groupOf('abduction')).toBe('deprivation_of_liberty');
    expect(groupOf('arbitrary_detention')).toBe('deprivation_of_liberty');
    expect(groupOf('incommunicado_detention')).toBe('deprivation_of_liberty');
    expect(groupOf('enforced_disappearance')).toBe('deprivation_of_liberty');
    expect(groupOf('torture')).toBe('physical_integrity');
    expect(groupOf('ill_treatment')).toBe('physical_integrity');
    expect(groupOf('honour_based_violence')).toBe('physical_integrity');
    expect(groupOf('forced_disclosure_of_identities')).toBe('privacy');
    expect(groupOf('seizure_of_phone_or_contacts')).toBe('privacy');
    expect(groupOf('killing')).toBe('life');
    expect(groupOf('threats')).toBe('security_of_person');
    expect(groupOf('extortion')).toBe('security_of_person');
  });

  it('has the other vocabularies the coding needs', () => {
    const ids = (kind: (typeof vocabularyKinds)[number]) =>
      defaultVocabularies[kind].terms.map((t) => t.id);
    expect(ids('perpetrator_types')).toEqual(
      expect.arrayContaining(['police', 'security_forces', 'family', 'unknown', 'other']),
    );
    expect(ids('involvement_roles')).toEqual([
      'victim',
      'perpetrator',
      'source',
      'intervening_party',
    ]);
    expect(ids('act_verification_statuses')).toEqual(['unverified', 'corroborated', 'verified']);
    expect(ids('consent_uses')).toEqual(
      expect.arrayContaining([
        'internal_only',
        'anonymised_statistics',
        'anonymised_quotes',
        'named_publication',
        'sharing_with_named_bodies',
      ]),
    );
  });

  it('places the named detention sites under their villages in Chechnya', () => {
    const places = defaultVocabularies.places;
    expect(termPath(places, 'argun_detention_site').map((t) => t.id)).toEqual([
      'russia',
      'chechnya',
      'argun',
      'argun_detention_site',
    ]);
    expect(termPath(places, 'tsotsi_yurt_detention_site').map((t) => t.labels.ru)).toEqual([
      'Россия',
      'Чеченская Республика',
      'Цоци-Юрт',
      'Тайная тюрьма в Цоци-Юрте',
    ]);
    expect(descendants(places, 'chechnya')).toEqual(
      expect.arrayContaining(['argun_detention_site', 'tsotsi_yurt_detention_site']),
    );
  });
});

describe('the vocabulary schema', () => {
  it('accepts a well-formed tree', () => {
    expect(VocabularySchema.safeParse(tree).success).toBe(true);
    expect(vocabularyProblem(tree.terms)).toBeNull();
  });

  it('refuses duplicate ids, dangling parents, cycles and self-parents', () => {
    expect(problemOf([term('a', null), term('a', null)])).toBe('duplicate_term: a');
    expect(problemOf([term('a', null), term('b', 'missing')])).toBe('unknown_parent: b');
    expect(problemOf([term('r', null), term('a', 'c'), term('b', 'a'), term('c', 'b')])).toBe(
      'cycle: a',
    );
    expect(problemOf([term('a', 'a')])).toBe('cycle: a');
  });

  it('refuses branches deeper than the limit, and accepts one exactly at it', () => {
    const chain = (length: number) =>
      Array.from({ length }, (_, i) => term(`t${i}`, i === 0 ? null : `t${i - 1}`));
    expect(problemOf(chain(vocabularyLimits.maxDepth))).toBeNull();
    expect(problemOf(chain(vocabularyLimits.maxDepth + 1))).toBe(
      `too_deep: t${vocabularyLimits.maxDepth}`,
    );
  });

  it('refuses more terms than the limit', () => {
    const many = Array.from({ length: vocabularyLimits.maxTerms + 1 }, (_, i) =>
      term(`t${i}`, null),
    );
    expect(VocabularySchema.safeParse(vocabulary(many)).success).toBe(false);
    expect(vocabularyProblem(many)?.code).toBe('too_many_terms');
  });

  it('refuses missing, blank, padded or overlong labels and non-slug ids', () => {
    const withTerm = (t: unknown) =>
      VocabularySchema.safeParse({ id: 'test', version: 1, terms: [t] }).success;
    const good = term('a', null);
    expect(withTerm(good)).toBe(true);
    expect(withTerm({ ...good, labels: { en: 'A' } })).toBe(false);
    expect(withTerm({ ...good, labels: { en: 'A', ru: '' } })).toBe(false);
    expect(withTerm({ ...good, labels: { en: 'A', ru: '   ' } })).toBe(false);
    expect(withTerm({ ...good, labels: { en: ' A', ru: 'А' } })).toBe(false);
    expect(withTerm({ ...good, labels: { en: 'A'.repeat(161), ru: 'А' } })).toBe(false);
    expect(withTerm({ ...good, labels: { en: 'A', ru: 'А', de: 'A' } })).toBe(false);
    expect(withTerm({ ...good, id: 'Torture' })).toBe(false);
    expect(withTerm({ ...good, id: 'a b' })).toBe(false);
    expect(withTerm({ ...good, id: 'x'.repeat(65) })).toBe(false);
    expect(withTerm({ ...good, retired: undefined })).toBe(false);
  });
});

describe('termPath', () => {
  it('lists the ancestors root first, ending at the term', () => {
    expect(termPath(tree, 'a1x').map((t) => t.id)).toEqual(['root', 'a', 'a1', 'a1x']);
    expect(termPath(tree, 'other').map((t) => t.id)).toEqual(['other']);
  });

  it('is empty for an unknown id', () => {
    expect(termPath(tree, 'nope')).toEqual([]);
  });
});

describe('descendants', () => {
  it('lists every term below, retired ones included, not the term itself', () => {
    expect(descendants(tree, 'root')).toEqual(['a', 'a1', 'a1x', 'a2', 'b']);
    expect(descendants(tree, 'a')).toEqual(['a1', 'a1x', 'a2']);
  });

  it('is empty for a leaf or an unknown id', () => {
    expect(descendants(tree, 'b')).toEqual([]);
    expect(descendants(tree, 'nope')).toEqual([]);
  });

  it('lets a report count deprivation of liberty with each narrower act', () => {
    const acts = defaultVocabularies.act_types;
    const counted = new Set([
      'deprivation_of_liberty',
      ...descendants(acts, 'deprivation_of_liberty'),
    ]);
    const coded = ['abduction', 'torture', 'secret_detention', 'arbitrary_detention', 'killing'];
    expect(coded.filter((id) => counted.has(id))).toEqual([
      'abduction',
      'secret_detention',
      'arbitrary_detention',
    ]);
  });
});

describe('checkTerm', () => {
  it('accepts an active term and returns it', () => {
    expect(checkTerm(tree, 'a1')).toEqual({ ok: true, term: term('a1', 'a') });
  });

  it('says unknown_term for an id not in the vocabulary', () => {
    expect(checkTerm(tree, 'nope')).toEqual({ ok: false, code: 'unknown_term', termId: 'nope' });
  });

  it('says retired_term for a retired term, and for a term under a retired one', () => {
    expect(checkTerm(tree, 'a2')).toEqual({ ok: false, code: 'retired_term', termId: 'a2' });
    const retiredBranch = vocabulary([term('g', null, true), term('child', 'g')]);
    expect(checkTerm(retiredBranch, 'child')).toMatchObject({ ok: false, code: 'retired_term' });
  });
});

describe('mergeVocabulary', () => {
  const merge = (...edits: VocabularyEdit[]) => mergeVocabulary(tree, edits);
  const merged = (...edits: VocabularyEdit[]) => {
    const result = merge(...edits);
    if (!result.ok) throw new Error(`refused: ${result.code} ${result.termId}`);
    expect(VocabularySchema.safeParse(result.vocabulary).success).toBe(true);
    return result.vocabulary;
  };

  it('adds a term under a parent, raising the version by one for the whole merge', () => {
    const labels = { en: 'Forced marriage', ru: 'Принудительный брак' };
    const result = merged(
      { op: 'add', id: 'forced_marriage', parent: 'a', labels },
      { op: 'add', id: 'forced_marriage_child', parent: 'forced_marriage', labels },
    );
    expect(result.version).toBe(tree.version + 1);
    expect(result.id).toBe(tree.id);
    expect(termPath(result, 'forced_marriage_child').map((t) => t.id)).toEqual([
      'root',
      'a',
      'forced_marriage',
      'forced_marriage_child',
    ]);
    expect(checkTerm(result, 'forced_marriage').ok).toBe(true);
  });

  it('relabels one language and keeps the other', () => {
    const result = merged({ op: 'relabel', id: 'a', labels: { ru: 'Новое название' } });
    expect(termPath(result, 'a').at(-1)?.labels).toEqual({ en: 'Term a', ru: 'Новое название' });
  });

  it('retires a term without removing it, and restores it', () => {
    const retired = merged({ op: 'retire', id: 'b' });
    expect(retired.terms).toHaveLength(tree.terms.length);
    expect(checkTerm(retired, 'b')).toMatchObject({ ok: false, code: 'retired_term' });
    const restored = mergeVocabulary(retired, [{ op: 'restore', id: 'b' }]);
    expect(restored.ok && checkTerm(restored.vocabulary, 'b').ok).toBe(true);
    expect(restored.ok && restored.vocabulary.version).toBe(tree.version + 2);
  });

  it('moves a term with its branch under another parent, or to the root', () => {
    const moved = merged({ op: 'move', id: 'a1', parent: 'b' });
    expect(termPath(moved, 'a1x').map((t) => t.id)).toEqual(['root', 'b', 'a1', 'a1x']);
    expect(descendants(moved, 'a')).toEqual(['a2']);
    const rooted = merged({ op: 'move', id: 'a', parent: null });
    expect(termPath(rooted, 'a1').map((t) => t.id)).toEqual(['a', 'a1']);
  });

  it('refuses a move that would make a cycle, and one under itself', () => {
    expect(merge({ op: 'move', id: 'a', parent: 'a1x' })).toMatchObject({
      ok: false,
      code: 'cycle',
      editIndex: 0,
    });
    expect(merge({ op: 'move', id: 'a', parent: 'a' })).toMatchObject({ ok: false, code: 'cycle' });
  });

  it('refuses a move that would make a branch too deep', () => {
    const chain = vocabulary(
      Array.from({ length: vocabularyLimits.maxDepth }, (_, i) =>
        term(`t${i}`, i === 0 ? null : `t${i - 1}`),
      ).concat(term('other_root', null)),
    );
    expect(mergeVocabulary(chain, [{ op: 'move', id: 't0', parent: 'other_root' }])).toMatchObject({
      ok: false,
      code: 'too_deep',
    });
  });

  it('refuses re-adding an id, even a retired one, and editing an unknown term', () => {
    const labels = { en: 'X', ru: 'Х' };
    expect(merge({ op: 'add', id: 'a2', parent: null, labels })).toMatchObject({
      ok: false,
      code: 'duplicate_term',
      termId: 'a2',
    });
    for (const edit of [
      { op: 'relabel', id: 'nope', labels: { en: 'X' } },
      { op: 'retire', id: 'nope' },
      { op: 'restore', id: 'nope' },
      { op: 'move', id: 'nope', parent: null },
      { op: 'move', id: 'nope', parent: 'also_missing' },
    ] satisfies VocabularyEdit[]) {
      expect(merge(edit)).toMatchObject({ ok: false, code: 'unknown_term', termId: 'nope' });
    }
  });

  it('refuses a missing or retired parent', () => {
    const labels = { en: 'X', ru: 'Х' };
    expect(merge({ op: 'add', id: 'x', parent: 'nope', labels })).toMatchObject({
      ok: false,
      code: 'unknown_parent',
    });
    expect(merge({ op: 'move', id: 'b', parent: 'a2' })).toMatchObject({
      ok: false,
      code: 'retired_term',
      termId: 'a2',
    });
  });

  it('refuses malformed edits: blank labels, bad ids, an empty relabel', () => {
    const bad = [
      { op: 'add', id: 'x', parent: null, labels: { en: 'X', ru: '' } },
      { op: 'add', id: 'Not A Slug', parent: null, labels: { en: 'X', ru: 'Х' } },
      { op: 'relabel', id: 'a', labels: {} },
      { op: 'delete', id: 'a' },
    ] as unknown as VocabularyEdit[];
    for (const edit of bad) {
      expect(merge(edit)).toMatchObject({ ok: false, code: 'invalid_edit' });
      expect(VocabularyEditsSchema.safeParse([edit]).success).toBe(false);
    }
    expect(mergeVocabulary(tree, [])).toMatchObject({ ok: false, code: 'invalid_edit' });
  });

  it('applies nothing when a later edit is refused, and never changes its input', () => {
    const before = structuredClone(tree);
    const result = merge(
      { op: 'relabel', id: 'a', labels: { en: 'Changed' } },
      { op: 'retire', id: 'b' },
      { op: 'move', id: 'root', parent: 'a1x' },
    );
    expect(result).toMatchObject({ ok: false, code: 'cycle', editIndex: 2 });
    expect(tree).toEqual(before);
    merged({ op: 'relabel', id: 'a', labels: { en: 'Changed' } }, { op: 'retire', id: 'a1' });
    expect(tree).toEqual(before);
  });

  it('refuses growing past the size limit', () => {
    const full = vocabulary(
      Array.from({ length: vocabularyLimits.maxTerms }, (_, i) => term(`t${i}`, null)),
    );
    expect(
      mergeVocabulary(full, [
        { op: 'add', id: 'one_more', parent: null, labels: { en: 'X', ru: 'Х' } },
      ]),
    ).toMatchObject({ ok: false, code: 'too_many_terms' });
  });

  it('works on a default vocabulary, as an organisation would edit it', () => {
    const result = mergeVocabulary(defaultVocabularies.places, [
      {
        op: 'add',
        id: 'grozny_detention_site',
        parent: 'grozny',
        labels: { en: 'Detention site in Grozny', ru: 'Место содержания в Грозном' },
      },
      { op: 'retire', id: 'chechnya_unknown_detention_site' },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.vocabulary.version).toBe(2);
    expect(descendants(result.vocabulary, 'chechnya')).toContain('grozny_detention_site');
    expect(defaultVocabularies.places.terms.some((t) => t.id === 'grozny_detention_site')).toBe(
      false,
    );
  });
});
