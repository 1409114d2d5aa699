import { describe, expect, it } from 'vitest';
import { messages } from './messages.ts';

const { en, ru } = messages;

/** Every key path of a nested message object, e.g. `health.ok`. */
function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keys(value, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

// i18next picks a plural form by the language's rules: English has one and other,
// Russian one, few, many (and other, for fractions).
const pluralSuffix = /_(one|few|many|other)$/;
const withoutPlurals = (list: string[]) => [
  ...new Set(list.map((k) => k.replace(pluralSuffix, ''))),
];
const pluralForms = (list: string[], base: string) =>
  list.filter((k) => k.replace(pluralSuffix, '') === base && k !== base).sort();

describe('translations', () => {
  it('have the same keys in English and Russian, each plural in every form', () => {
    expect(withoutPlurals(keys(ru)).sort()).toEqual(withoutPlurals(keys(en)).sort());
    for (const key of keys(en).filter((k) => pluralSuffix.test(k))) {
      const base = key.replace(pluralSuffix, '');
      expect(pluralForms(keys(en), base)).toEqual([`${base}_one`, `${base}_other`]);
      expect(pluralForms(keys(ru), base)).toEqual(
        ['few', 'many', 'one', 'other'].map((form) => `${base}_${form}`),
      );
    }
  });

  it('have no empty message', () => {
    for (const messages of [en, ru]) {
      const flat = JSON.stringify(messages);
      expect(flat).not.toMatch(/:""/);
    }
  });
});
