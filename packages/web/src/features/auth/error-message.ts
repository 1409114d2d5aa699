import type { TFunction } from 'i18next';

/** A refusal's code (from the API or the crypto core) as a sentence in the UI's language. */
export function errorMessage(t: TFunction, error: unknown): string {
  const code = (error as { code?: string }).code ?? 'unknown';
  const key = `errors.${code}`;
  const message = t(key);
  return message === key ? t('errors.unknown') : message;
}
