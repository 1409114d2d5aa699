import {
  type Consent,
  checkTestimony,
  DocumentationInputError,
  newRecordId,
  type RecordedTestimony,
  saveTestimony,
  type Testimony,
  testimoniesOf,
} from '@corridor/vault';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CasePanelProps } from '../cases/case-panel.ts';
import { ConsentFields } from './ConsentFields.tsx';
import { readConsent, withdrawnConsent } from './consent-form.ts';
import { calendarDate, languageName, localToday } from './dates.ts';
import { inputErrorMessage } from './input-errors.ts';
import type { Vocabularies } from './use-vocabularies.ts';
import { termLabel, uiLanguage } from './vocabulary-choices.ts';

/** Which form is open: none, a new testimony, or the consent of one testimony. */
type Editing = { kind: 'new' } | { kind: 'consent'; testimony: RecordedTestimony } | null;

/**
 * The case's testimonies (encrypted in `testimony`): when and by whom each was taken, in
 * what language, the uses its consent allows and until when; the statement itself only
 * on demand. A testimony is recorded with consent or not at all; a change of consent —
 * a withdrawal too — is saved as a new version, the old ones kept in the timeline.
 */
export function TestimonyPanel({
  session,
  view,
  apply,
  busy,
  vocabularies,
}: CasePanelProps & { readonly vocabularies: Vocabularies }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<Editing>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  if (!view.summary.compartments.includes('testimony')) return null;
  const testimonies = testimoniesOf(view);
  const language = uiLanguage(i18n.language);
  const today = localToday();
  const date = (value: string) => calendarDate(value, i18n.language);

  function open(next: Editing) {
    setInputError(null);
    setEditing(next);
  }

  /** Checks the record first, so a refusal names its field and the form keeps its text. */
  function save(testimony: Testimony, previous: Testimony | null, done: string, after: () => void) {
    setInputError(null);
    try {
      checkTestimony(testimony, vocabularies, today, previous);
    } catch (caught) {
      if (!(caught instanceof DocumentationInputError)) throw caught;
      setInputError(inputErrorMessage(t, caught));
      return;
    }
    void apply(async (v) => {
      await saveTestimony(session, v, testimony, vocabularies, today);
      after();
    }, done);
  }

  function submitNew(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const testimony: Testimony = {
      id: newRecordId(),
      text: String(form.get('text') ?? ''),
      language: String(form.get('language') ?? '').trim(),
      interviewDate: String(form.get('interviewDate') ?? ''),
      interviewer: String(form.get('interviewer') ?? '').trim(),
      consent: readConsent(form),
    };
    save(testimony, null, t('documentation.testimony.saved'), () => {
      formElement.reset();
      setEditing(null);
    });
  }

  function submitConsent(testimony: RecordedTestimony, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = recordOf(testimony, readConsent(new FormData(event.currentTarget)));
    save(next, testimony, t('documentation.testimony.consentSaved'), () => setEditing(null));
  }

  function withdraw(testimony: RecordedTestimony) {
    if (!testimony.consent) return;
    if (!window.confirm(t('documentation.testimony.confirmWithdraw'))) return;
    const remark = t('documentation.testimony.withdrawnRemark', { date: date(today) });
    const next = recordOf(testimony, withdrawnConsent(testimony.consent, remark));
    save(next, testimony, t('documentation.testimony.withdrawn'), () => setEditing(null));
  }

  const toggle = (id: string) =>
    setShown((all) => {
      const next = new Set(all);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const consentSummary = (consent: Consent | null) => {
    if (consent === null) return t('documentation.testimony.noConsent');
    const uses = consent.uses
      .map((use) => termLabel(vocabularies.consent_uses, use, language, true))
      .join('; ');
    return uses;
  };

  const expiry = (consent: Consent | null) => {
    if (consent === null) return '—';
    if (consent.expiresOn === null) return t('documentation.testimony.noExpiry');
    return consent.expiresOn < today
      ? t('documentation.testimony.expiredOn', { date: date(consent.expiresOn) })
      : t('documentation.testimony.expiresOn', { date: date(consent.expiresOn) });
  };

  return (
    <section aria-labelledby="testimonies-heading" className="panel">
      <h2 id="testimonies-heading">{t('documentation.testimony.heading')}</h2>
      {testimonies.length === 0 ? (
        <p>{t('documentation.testimony.none')}</p>
      ) : (
        <p>{t('documentation.testimony.count', { count: testimonies.length })}</p>
      )}
      <ol className="notes">
        {testimonies.map((testimony) => {
          const textId = `testimony-text-${testimony.id}`;
          const when = date(testimony.interviewDate);
          return (
            <li key={testimony.id}>
              <h3>
                {t('documentation.testimony.itemHeading', {
                  date: when,
                  interviewer: testimony.interviewer,
                })}
              </h3>
              <dl>
                <dt>{t('documentation.fields.language')}</dt>
                <dd>{languageName(testimony.language, i18n.language)}</dd>
                <dt>{t('documentation.consent.uses')}</dt>
                <dd>{consentSummary(testimony.consent)}</dd>
                <dt>{t('documentation.consent.expiresOn')}</dt>
                <dd>{expiry(testimony.consent)}</dd>
                <dt>{t('documentation.testimony.versionsLabel')}</dt>
                <dd>{t('documentation.testimony.versions', { count: testimony.versions })}</dd>
              </dl>
              <button
                type="button"
                aria-expanded={shown.has(testimony.id)}
                aria-controls={textId}
                onClick={() => toggle(testimony.id)}
              >
                {shown.has(testimony.id)
                  ? t('documentation.testimony.hideText', { date: when })
                  : t('documentation.testimony.showText', { date: when })}
              </button>{' '}
              <button
                type="button"
                disabled={busy}
                onClick={() => open({ kind: 'consent', testimony })}
              >
                {t('documentation.testimony.changeConsent', { date: when })}
              </button>{' '}
              {testimony.consent?.uses.some((use) => use !== 'internal_only') && (
                <button type="button" disabled={busy} onClick={() => withdraw(testimony)}>
                  {t('documentation.testimony.withdraw', { date: when })}
                </button>
              )}
              <div id={textId} hidden={!shown.has(testimony.id)}>
                {shown.has(testimony.id) && (
                  <blockquote lang={testimony.language} className="prewrap">
                    {testimony.text}
                  </blockquote>
                )}
              </div>
              {editing?.kind === 'consent' && editing.testimony.id === testimony.id && (
                <form
                  onSubmit={(event) => submitConsent(testimony, event)}
                  aria-label={t('documentation.testimony.consentFormHeading', { date: when })}
                >
                  {inputError && (
                    <p role="alert" className="error">
                      {inputError}
                    </p>
                  )}
                  <ConsentFields
                    vocabularies={vocabularies}
                    consent={testimony.consent}
                    today={today}
                  />
                  <button type="submit" disabled={busy}>
                    {t('documentation.testimony.saveConsent')}
                  </button>{' '}
                  <button type="button" onClick={() => open(null)}>
                    {t('documentation.cancel')}
                  </button>
                </form>
              )}
            </li>
          );
        })}
      </ol>
      {editing?.kind !== 'new' && (
        <button type="button" disabled={busy} onClick={() => open({ kind: 'new' })}>
          {t('documentation.testimony.record')}
        </button>
      )}
      {editing?.kind === 'new' && (
        <form onSubmit={submitNew} aria-labelledby="testimony-form-heading">
          <h3 id="testimony-form-heading">{t('documentation.testimony.formHeading')}</h3>
          {inputError && (
            <p role="alert" className="error">
              {inputError}
            </p>
          )}
          <label>
            {t('documentation.fields.text')}
            <textarea name="text" rows={8} maxLength={200_000} required />
          </label>
          <label>
            {t('documentation.fields.language')}
            <input
              name="language"
              required
              defaultValue="ru"
              maxLength={20}
              autoComplete="off"
              aria-describedby="testimony-language-hint"
            />
          </label>
          <p id="testimony-language-hint" className="hint">
            {t('documentation.testimony.languageHint')}
          </p>
          <label>
            {t('documentation.fields.interviewDate')}
            <input type="date" name="interviewDate" required max={today} />
          </label>
          <label>
            {t('documentation.fields.interviewer')}
            <input name="interviewer" required maxLength={200} autoComplete="off" />
          </label>
          <ConsentFields vocabularies={vocabularies} consent={null} today={today} />
          <button type="submit" disabled={busy}>
            {t('documentation.testimony.save')}
          </button>{' '}
          <button type="button" onClick={() => open(null)}>
            {t('documentation.cancel')}
          </button>
        </form>
      )}
    </section>
  );
}

/** The testimony as recorded, with a new consent: the fields a new version carries. */
const recordOf = (testimony: RecordedTestimony, consent: Consent | null): Testimony => ({
  id: testimony.id,
  text: testimony.text,
  language: testimony.language,
  interviewDate: testimony.interviewDate,
  interviewer: testimony.interviewer,
  consent,
});
