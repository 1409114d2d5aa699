import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import ru from './locales/ru.json';

/** Every key path of a nested message object, e.g. `health.ok`. */
function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keys(value, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

describe('translations', () => {
  it('have the same keys in English and Russian', () => {
    expect(keys(ru).sort()).toEqual(keys(en).sort());
  });

  it('have no empty message', () => {
    for (const messages of [en, ru]) {
      const flat = JSON.stringify(messages);
      expect(flat).not.toMatch(/:""/);
    }
  });
});
