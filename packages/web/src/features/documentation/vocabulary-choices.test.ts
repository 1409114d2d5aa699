import { defaultVocabularies, mergeVocabulary, type Vocabulary } from '@corridor/protocol';
import { describe, expect, it } from 'vitest';
import { termChoices, termLabel, uiLanguage, withCurrent } from './vocabulary-choices.ts';

const places = defaultVocabularies.places;

describe('term labels', () => {
  it('name a place by its path without the country, in each language', () => {
    const choice = termChoices(places, 'en', { skipRoots: true }).find(
      (c) => c.id === 'argun_detention_site',
    );
    expect(choice?.label).toBe('Chechen Republic › Argun › Secret prison in Argun');
    const russian = termChoices(places, 'ru', { skipRoots: true }).find(
      (c) => c.id === 'argun_detention_site',
    );
    expect(russian?.label).toBe('Чеченская Республика › Аргун › Тайная тюрьма в Аргуне');
    expect(termLabel(places, 'argun_detention_site', 'en')).toBe('Secret prison in Argun');
    expect(termLabel(places, 'argun', 'en', true)).toBe('Russia › Chechen Republic › Argun');
  });

  it('list parents before their children and keep a root as it is', () => {
    const ids = termChoices(places, 'en', { skipRoots: true }).map((c) => c.id);
    expect(ids.indexOf('chechnya')).toBeLessThan(ids.indexOf('argun'));
    expect(ids.indexOf('argun')).toBeLessThan(ids.indexOf('argun_detention_site'));
    expect(termChoices(places, 'en', { skipRoots: true })[0]).toEqual({
      id: 'russia',
      label: 'Russia',
      depth: 1,
    });
  });

  it('leave out a retired term and the branch under it, but keep one a record holds', () => {
    const merged = mergeVocabulary(places, [{ op: 'retire', id: 'argun' }]);
    if (!merged.ok) throw new Error(merged.code);
    const retired: Vocabulary = merged.vocabulary;
    const ids = termChoices(retired, 'en').map((c) => c.id);
    expect(ids).not.toContain('argun');
    expect(ids).not.toContain('argun_detention_site');
    const kept = withCurrent(termChoices(retired, 'en'), retired, 'argun_detention_site', 'en');
    expect(kept.at(-1)).toMatchObject({ id: 'argun_detention_site' });
    expect(withCurrent(kept, retired, 'grozny', 'en')).toHaveLength(kept.length);
  });

  it('show an unknown id as itself rather than hide what was coded', () => {
    expect(termLabel(places, 'atlantis', 'ru', true)).toBe('atlantis');
  });

  it('speak Russian for any Russian locale and English otherwise', () => {
    expect(uiLanguage('ru-RU')).toBe('ru');
    expect(uiLanguage('en-GB')).toBe('en');
    expect(uiLanguage('de')).toBe('en');
  });
});
