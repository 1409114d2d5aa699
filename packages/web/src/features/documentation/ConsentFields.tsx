import type { Consent } from '@corridor/vault';
import { consentMethods } from '@corridor/vault';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Vocabularies } from './use-vocabularies.ts';
import { termChoices, uiLanguage } from './vocabulary-choices.ts';

/**
 * The consent part of a testimony form: the uses (the `consent_uses` vocabulary, named
 * bodies under their group), when it was given, until when, how, and a note. Read back
 * with `readConsent`.
 */
export function ConsentFields({
  vocabularies,
  consent,
  today,
}: {
  readonly vocabularies: Vocabularies;
  readonly consent: Consent | null;
  readonly today: string;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const uses = termChoices(vocabularies.consent_uses, uiLanguage(i18n.language));
  return (
    <fieldset>
      <legend>{t('documentation.consent.legend')}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t('documentation.consent.hint')}
      </p>
      <fieldset className="choices" aria-describedby={`${id}-hint`}>
        <legend>{t('documentation.consent.uses')}</legend>
        {uses.map((use) => (
          <label key={use.id}>
            <input
              type="checkbox"
              name="consentUse"
              value={use.id}
              defaultChecked={consent?.uses.includes(use.id) ?? false}
            />
            {use.label}
          </label>
        ))}
      </fieldset>
      <label>
        {t('documentation.consent.givenOn')}
        <input type="date" name="givenOn" max={today} defaultValue={consent?.givenOn ?? today} />
      </label>
      <label>
        {t('documentation.consent.expiresOn')}
        <input
          type="date"
          name="expiresOn"
          defaultValue={consent?.expiresOn ?? ''}
          aria-describedby={`${id}-expiry`}
        />
      </label>
      <p className="hint" id={`${id}-expiry`}>
        {t('documentation.consent.expiresHint')}
      </p>
      <label>
        {t('documentation.consent.method')}
        <select name="consentMethod" defaultValue={consent?.method ?? 'written'}>
          {consentMethods.map((method) => (
            <option key={method} value={method}>
              {t(`documentation.consent.methods.${method}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('documentation.consent.note')}
        <textarea
          name="consentNote"
          rows={2}
          maxLength={2_000}
          defaultValue={consent?.note ?? ''}
        />
      </label>
    </fieldset>
  );
}
