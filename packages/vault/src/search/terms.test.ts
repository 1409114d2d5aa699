import { describe, expect, it } from 'vitest';
import { createTermProcessor, foldWord, splitWords } from './terms.ts';

describe('search terms', () => {
  it('splits Cyrillic, Latin and digits on anything else, hyphens and stress marks included', () => {
    expect(splitWords('ул. Лермонтова, 14 — Ростов-на-Дону; за́держан (Ibra)')).toEqual([
      'ул',
      'Лермонтова',
      '14',
      'Ростов',
      'на',
      'Дону',
      'за́держан',
      'Ibra',
    ]);
  });

  it('folds case, stress marks and ё', () => {
    expect(foldWord('ЗА́ДЕРЖАН')).toBe('задержан');
    expect(foldWord('Фёдор')).toBe(foldWord('ФЕДОР'));
    expect(foldWord('Ёлка')).toBe('елка');
  });

  it('gives inflected forms of a Russian word one stem', () => {
    const { term } = createTermProcessor();
    expect(term('Грозного')).toBe(term('Грозный'));
    expect(term('Грозном')).toBe(term('грозный'));
    expect(term('паспортов')).toBe(term('паспорт'));
    expect(term('угрозами')).toBe(term('угроза'));
  });

  it('gives English plurals and tenses their singular stem', () => {
    const { term } = createTermProcessor();
    expect(term('passports')).toBe(term('passport'));
    expect(term('Cities')).toBe(term('city'));
    expect(term('arrested')).toBe(term('arrest'));
  });

  it('drops stop words in both languages', () => {
    expect(createTermProcessor().terms('держали в подвале and the basement')).toEqual([
      'держа',
      'подвал',
      'basement',
    ]);
  });
});
