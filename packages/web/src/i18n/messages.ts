import en from './locales/en.json';
import ru from './locales/ru.json';

/**
 * Every message, by language. A feature with many messages keeps them beside it, under one
 * top-level key of its own, and is added here: the shared files stay small to edit.
 */
export const messages = {
  en: { ...en },
  ru: { ...ru },
} as const;
