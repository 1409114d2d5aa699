import { describe, expect, it } from 'vitest';
import { oneEditApart, TermIndex, type TermQuery } from './term-index.ts';

const query = (terms: string[], more: Partial<TermQuery> = {}): TermQuery => ({
  terms,
  boosts: [1, 1],
  fuzzyFrom: 6,
  limit: 10,
  ...more,
});
const ids = (index: TermIndex, q: TermQuery) => index.search(q).map((hit) => hit.id);

describe('one edit apart', () => {
  it('is one insertion, deletion or substitution, never none or two', () => {
    expect(oneEditApart('задержан', 'задержа')).toBe(true);
    expect(oneEditApart('задержа', 'задержан')).toBe(true);
    expect(oneEditApart('угрожают', 'угражают')).toBe(true);
    expect(oneEditApart('abc', 'abc')).toBe(false);
    expect(oneEditApart('abcd', 'abdc')).toBe(false);
    expect(oneEditApart('abc', 'a')).toBe(false);
    expect(oneEditApart('', 'a')).toBe(true);
  });
});

describe('term index', () => {
  it('counts terms per field and ranks by them, with field boosts', () => {
    const index = new TermIndex(2);
    index.add('once', [['kazan', 'flat'], []]);
    index.add('twice', [['kazan', 'kazan'], []]);
    index.add('none', [['flat', 'flat'], []]);
    index.add('in-notes', [[], ['kazan', 'flat']]);
    expect(ids(index, query(['kazan'], { boosts: [1, 10] }))[0]).toBe('in-notes');
    expect(ids(index, query(['kazan'], { boosts: [1, 0.1] }))).toEqual([
      'twice',
      'once',
      'in-notes',
    ]);
    expect(index.search(query(['kazan']))[0]).toMatchObject({ fields: [0], terms: ['kazan'] });
  });

  it('needs every query term, and weighs an exact term above a prefix or a near one', () => {
    const index = new TermIndex(1);
    index.add('exact', [['detain']]);
    index.add('prefix', [['detained']]);
    index.add('near', [['detaim']]);
    index.add('both', [['detain', 'kazan']]);
    expect(ids(index, query(['detain', 'kazan']))).toEqual(['both']);
    // Exact first; then a letter off (weight 0.45) above a longer word (0.375), as
    // MiniSearch weighed them.
    const ranked = ids(index, query(['detain']));
    expect(ranked.slice(-2)).toEqual(['near', 'prefix']);
    expect(ids(index, query(['detai'], { fuzzyFrom: 99 })).sort()).toEqual(
      ['both', 'exact', 'near', 'prefix'].sort(),
    );
    expect(ids(index, query(['xyz']))).toEqual([]);
    expect(index.search(query([]))).toEqual([]);
  });

  it('finds terms added after a search (the vocabulary is rebuilt)', () => {
    const index = new TermIndex(1);
    index.add('a', [['grozny']]);
    expect(ids(index, query(['groz']))).toEqual(['a']);
    index.add('b', [['groznensky']]);
    expect(ids(index, query(['groz'])).sort()).toEqual(['a', 'b']);
  });

  it('replaces a document, forgets removed ones, and compacts when most are gone', () => {
    const index = new TermIndex(1);
    for (let i = 0; i < 3000; i++) index.add(`case-${i}`, [[`word${i % 7}`, 'common']]);
    index.add('case-1', [['moved']]);
    expect(index.size).toBe(3000);
    expect(ids(index, query(['moved']))).toEqual(['case-1']);
    // A removed document's own words leave at once, not at the next compaction.
    index.add('gone', [['secretword']]);
    expect(index.termCount).toBe(10);
    index.remove('gone');
    expect(index.termCount).toBe(9);
    for (let i = 0; i < 2990; i++) index.remove(`case-${i}`);
    index.remove('never-added');
    expect(index.size).toBe(10);
    expect(index.has('case-5')).toBe(false);
    expect(index.has('case-2995')).toBe(true);
    expect(ids(index, query(['common'])).length).toBe(10);
    expect(ids(index, query(['moved']))).toEqual([]);
    index.add('case-5', [['back']]);
    expect(ids(index, query(['back']))).toEqual(['case-5']);
    index.clear();
    expect(index.size).toBe(0);
    expect(ids(index, query(['common']))).toEqual([]);
  });

  it('answers at most the limit, best first', () => {
    const index = new TermIndex(1);
    for (let i = 1; i <= 20; i++) index.add(`c${i}`, [Array(i).fill('x')]);
    const hits = index.search(query(['x'], { limit: 3 }));
    expect(hits.map((hit) => hit.id)).toEqual(['c20', 'c19', 'c18']);
  });
});
