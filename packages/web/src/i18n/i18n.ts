import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messages } from './messages.ts';

export const languages = ['en', 'ru'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'corridor.language';

const isLanguage = (value: unknown): value is Language => languages.includes(value as Language);

/** The saved choice, else the browser's first supported language, else English. */
function initialLanguage(): Language {
  const saved = localStorage.getItem(storageKey);
  if (isLanguage(saved)) return saved;
  const preferred = navigator.languages.map((tag) => tag.split('-')[0]).find(isLanguage);
  return preferred ?? 'en';
}

/** Keeps `<html lang>` in step so screen readers pronounce the page in its language. */
function applyLanguage(language: string): void {
  document.documentElement.lang = language;
}

export async function initI18n(): Promise<typeof i18next> {
  i18next.on('languageChanged', (language) => {
    applyLanguage(language);
    if (isLanguage(language)) localStorage.setItem(storageKey, language);
  });
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: messages.en }, ru: { translation: messages.ru } },
    lng: initialLanguage(),
    fallbackLng: 'en',
    supportedLngs: [...languages],
    interpolation: { escapeValue: false }, // React escapes already.
    returnNull: false,
  });
  applyLanguage(i18next.language);
  return i18next;
}
