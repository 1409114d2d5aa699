import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CaseView } from '../cases/cases.ts';
import { type CaseIndex, createCaseIndex } from './case-index.ts';
import type { SearchableCase } from './searchable-case.ts';

const ibra: SearchableCase = {
  title: 'Ibra — called from the bus station',
  compartments: {
    identity: { name: 'Ибрагим Мусаев', phone: '+7 928 555 01 77' },
    location: { address: 'ул. Лермонтова, 14, кв. 9, Грозный', safeHouse: 'Kazan flat 31' },
    testimony: { statement: 'Меня задержали 14 марта и держали в подвале три дня.' },
  },
  notes: [{ text: 'Sister called back: the passports are with the lawyer.' }],
};
const zarema: SearchableCase = {
  title: 'Зарема — написала в бот',
  compartments: {
    situation: { threat: 'Родственники угрожают убийством чести' },
    location: { address: 'Казань, ул. Мира, 3' },
  },
  notes: [{ text: 'Ёлка у подъезда: встреча там в пятницу.' }, { text: 'Two children with her.' }],
};

function indexOf(cases: Record<string, SearchableCase>): CaseIndex {
  const index = createCaseIndex();
  for (const [caseId, content] of Object.entries(cases)) index.addCase(caseId, content);
  return index;
}
const found = (index: CaseIndex, query: string) => index.search(query).map((hit) => hit.caseId);

describe('case index', () => {
  const index = indexOf({ ibra, zarema });

  it('takes an opened case as it is', () => {
    expectTypeOf<CaseView>().toExtend<SearchableCase>();
  });

  it('finds a town in another case (Грозного finds Грозный)', () => {
    expect(found(index, 'Грозного')).toEqual(['ibra']);
    expect(found(index, 'в Грозном')).toEqual(['ibra']);
  });

  it('finds a name in other cases (Ибрагима, Мусаеву), where stemming cut the name short', () => {
    expect(found(index, 'Ибрагима')).toEqual(['ibra']);
    expect(found(index, 'Ибрагиму Мусаеву')).toEqual(['ibra']);
    expect(found(index, 'Заремы')).toEqual(['zarema']);
  });

  it('finds a verb from its noun and back (задержание finds задержали)', () => {
    expect(found(index, 'задержание')).toEqual(['ibra']);
    expect(found(index, 'задержанного')).toEqual(['ibra']);
  });

  it('matches English plurals both ways', () => {
    expect(found(index, 'passport')).toEqual(['ibra']);
    expect(found(index, 'child')).toEqual(['zarema']);
    expect(found(index, 'sisters')).toEqual(['ibra']);
  });

  it('ignores case, and treats ё and е alike', () => {
    expect(found(index, 'МУСАЕВ')).toEqual(['ibra']);
    expect(found(index, 'ibra')).toEqual(['ibra']);
    expect(found(index, 'елка')).toEqual(['zarema']);
    expect(found(index, 'ёлке')).toEqual(['zarema']);
  });

  it('finds a word being typed, and one a letter off', () => {
    expect(found(index, 'Лермон')).toEqual(['ibra']);
    expect(found(index, 'Мусаев')).toEqual(['ibra']);
    expect(found(index, 'угражают')).toEqual(['zarema']);
  });

  it('needs every word of the query, in any field, and says where they were', () => {
    const [hit, ...rest] = index.search('Казань угрожают');
    expect(rest).toEqual([]);
    expect(hit?.caseId).toBe('zarema');
    expect(hit?.fields).toEqual(expect.arrayContaining(['location', 'situation']));
    expect(found(index, 'Грозный угрожают')).toEqual([]);
  });

  it('finds the title and phone numbers', () => {
    expect(index.search('bus station')[0]).toMatchObject({ caseId: 'ibra', fields: ['title'] });
    expect(found(index, '928 555')).toEqual(['ibra']);
  });

  it('does not stretch short words to others (казнь is not Казань)', () => {
    expect(found(index, 'казнь')).toEqual([]);
  });

  it('answers nothing for a query of stop words or punctuation', () => {
    expect(index.search('и в на')).toEqual([]);
    expect(index.search(' — ')).toEqual([]);
  });

  it('has a case in its results only while it is indexed', () => {
    const own = indexOf({ ibra });
    expect(found(own, 'Лермонтова')).toEqual(['ibra']);
    expect(found(own, 'угрожают')).toEqual([]);
    own.addCase('zarema', zarema);
    expect(found(own, 'угрожают')).toEqual(['zarema']);
    own.removeCase('zarema');
    expect(found(own, 'угрожают')).toEqual([]);
    expect(own.has('zarema')).toBe(false);
    expect(own.size).toBe(1);
    own.removeCase('never-indexed');
    own.clear();
    expect(own.size).toBe(0);
    expect(found(own, 'Грозный')).toEqual([]);
  });

  it('replaces what it held for a case when the case is indexed again', () => {
    const own = indexOf({ ibra });
    own.addCase('ibra', { ...ibra, compartments: { location: { address: 'Ереван' } } });
    expect(own.size).toBe(1);
    expect(found(own, 'Ереване')).toEqual(['ibra']);
    expect(found(own, 'Грозный')).toEqual([]);
  });

  it('ranks the case named in the title above one that only mentions the word', () => {
    const own = indexOf({
      mention: {
        title: 'Case 2',
        compartments: {},
        notes: [{ text: 'Met Zarema at the office.' }],
      },
      named: { title: 'Zarema', compartments: {}, notes: [] },
    });
    expect(found(own, 'zarema')).toEqual(['named', 'mention']);
  });
});
