import type { Report } from '@corridor/vault';
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { messages } from '../../i18n/messages.ts';
import {
  cellExplanation,
  cellText,
  detentionSummary,
  ruleLines,
  warningProblem,
} from './report-text.ts';

async function translator(language: 'en' | 'ru'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { en: { translation: messages.en }, ru: { translation: messages.ru } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

const warning = (code: string, termId: string | null = null) => ({
  caseId: 'case',
  seq: 3,
  code,
  eventId: null,
  actId: null,
  termId,
});

describe('report words', () => {
  it('mark a hidden figure with a word and a marker, and explain it in full', async () => {
    const t = await translator('en');
    const primary = { value: null, suppressed: 'primary' as const };
    const secondary = { value: null, suppressed: 'secondary' as const };
    expect(cellText(t, primary, 'en')).toBe('hidden*');
    expect(cellText(t, secondary, 'en')).toBe('hidden**');
    expect(cellText(t, { value: 1234, suppressed: null }, 'en')).toBe('1,234');
    expect(cellExplanation(t, primary, 10)).toBe('hidden: fewer than 10');
    expect(cellExplanation(t, { value: 0, suppressed: null }, 10)).toBeNull();
    const ru = await translator('ru');
    expect(cellText(ru, primary, 'ru')).toBe('скрыто*');
  });

  it('state the rule with Russian plurals', async () => {
    const ru = await translator('ru');
    const rule = {
      threshold: 5,
      rounding: 'base5' as const,
      zerosPublished: true as const,
      primaryCount: 1,
      secondaryCount: 1,
    };
    const lines = ruleLines(ru, rule);
    expect(lines[0]).toBe('Числа меньше 5 скрыты, как и итоги меньше 5.');
    expect(lines[3]).toContain('округлены до ближайшего кратного 5');
    expect(lines[4]).toBe('В таблице скрыто 2 числа.');
  });

  it('name a known warning, and fall back to its code for one it does not know', async () => {
    const t = await translator('en');
    expect(warningProblem(t, warning('act_without_victim'))).toBe('an act without a victim');
    expect(warningProblem(t, warning('unknown_term', 'old_term'))).toBe(
      'a term not in the vocabulary: term “old_term”',
    );
    expect(warningProblem(t, warning('something_new'))).toBe(
      'a record that failed a check (something_new)',
    );
  });

  it('say which detention lengths are withheld, each on its own', async () => {
    const t = await translator('en');
    const withLengths = (
      minDays: number | null,
      medianDays: number | null,
      maxDays: number | null,
    ) =>
      ({ detention: { count: null, open: 0, minDays, medianDays, maxDays } }) as unknown as Report;
    const partial = detentionSummary(withLengths(1, null, null), t, 'en');
    expect(partial).toContain('shortest 1, median hidden, longest hidden');
    expect(partial).toContain('the shortest or longest only when its group is shown');
    expect(detentionSummary(withLengths(1, 2, 30), t, 'en')).toBe(
      'hidden detentions with known length, in days: shortest 1, median 2, longest 30.',
    );
    const ru = await translator('ru');
    expect(detentionSummary(withLengths(null, null, null), ru, 'ru')).toContain(
      'медиана — только если ни одна группа не скрыта',
    );
    expect(warningProblem(t, warning('evidence_altered'))).toBe(
      'evidence for a counted act last verified as altered',
    );
  });
});
