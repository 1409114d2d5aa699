import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { messages } from '../../i18n/messages.ts';
import { fieldName, inputErrorMessage, pathSteps } from './input-errors.ts';

const translator = async (lng: 'en' | 'ru') => {
  const instance = i18next.createInstance();
  await instance.init({
    lng,
    resources: { en: { translation: messages.en }, ru: { translation: messages.ru } },
  });
  return instance.t;
};

describe('a refusal names its field', () => {
  it('numbers items from one and keeps verification fields whole', () => {
    expect(pathSteps('acts.1.type')).toEqual([{ key: 'act', n: 2 }, { key: 'type' }]);
    expect(pathSteps('acts.0.verification.date')).toEqual([
      { key: 'act', n: 1 },
      { key: 'verificationDate' },
    ]);
    expect(pathSteps('involvements.3.perpetratorType')).toEqual([
      { key: 'involvement', n: 4 },
      { key: 'perpetratorType' },
    ]);
    expect(pathSteps('consent.uses.0')).toEqual([{ key: 'consent' }, { key: 'use', n: 1 }]);
    expect(pathSteps('sources.2')).toEqual([{ key: 'sourceN', n: 3 }]);
  });

  it('in English and Russian, with the message', async () => {
    const en = await translator('en');
    const ru = await translator('ru');
    expect(fieldName(en, 'acts.1.type')).toBe('Act 2, Type of act');
    expect(fieldName(ru, 'acts.1.type')).toBe('Деяние 2, Вид деяния');
    expect(inputErrorMessage(en, { code: 'retired_term', path: 'acts.1.type' })).toBe(
      'Act 2, Type of act: This term is retired: choose another.',
    );
    expect(inputErrorMessage(ru, { code: 'consent_required', path: null })).toMatch(
      /^Сначала запишите согласие/,
    );
  });

  it('falls back to a general sentence and the raw key for what it does not know', async () => {
    const en = await translator('en');
    expect(inputErrorMessage(en, { code: 'no_such_code', path: 'mystery' })).toBe(
      'mystery: This cannot be saved as it is: check the form.',
    );
  });
});
