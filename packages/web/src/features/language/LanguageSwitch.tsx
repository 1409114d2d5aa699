import { useTranslation } from 'react-i18next';
import { type Language, languages } from '../../i18n/i18n.ts';

/** Two buttons rather than a select: one keypress away, and each says its language in itself. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="language-switch">
      <legend>{t('language.label')}</legend>
      {languages.map((language: Language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={i18n.language === language}
          onClick={() => void i18n.changeLanguage(language)}
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </fieldset>
  );
}
