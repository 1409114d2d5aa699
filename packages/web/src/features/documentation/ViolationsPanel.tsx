import {
  type CodedEvent,
  checkViolationEvent,
  DocumentationInputError,
  newRecordId,
  saveViolationEvent,
  testimoniesOf,
  violationEventsOf,
  vocabularyVersions,
} from '@corridor/vault';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CasePanelProps } from '../cases/case-panel.ts';
import { calendarDate, localToday } from './dates.ts';
import { inputErrorMessage } from './input-errors.ts';
import type { Vocabularies } from './use-vocabularies.ts';
import { type FormRefusal, ViolationForm } from './ViolationForm.tsx';
import { draftOf, eventOf, newDraft, type ViolationDraft } from './violation-draft.ts';
import { termLabel, uiLanguage } from './vocabulary-choices.ts';

/**
 * The case's violations, coded as HURIDOCS events (encrypted in `testimony`): each event
 * with its acts — type, dates, detention place, verification — and who was involved how.
 * Coding checks every term against the vocabularies before anything is written.
 */
export function ViolationsPanel({
  session,
  view,
  apply,
  busy,
  vocabularies,
}: CasePanelProps & { readonly vocabularies: Vocabularies }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraftState] = useState<ViolationDraft | null>(null);
  const [refusal, setRefusal] = useState<FormRefusal | null>(null);
  if (!view.summary.compartments.includes('testimony')) return null;
  const events = violationEventsOf(view);
  const testimonies = testimoniesOf(view);
  const language = uiLanguage(i18n.language);
  const today = localToday();
  const date = (value: string) => calendarDate(value, i18n.language);
  const dates = (start: string, end: string | null) =>
    end === null
      ? t('documentation.violations.from', { date: date(start) })
      : start === end
        ? date(start)
        : t('documentation.violations.between', { from: date(start), to: date(end) });
  const label = (kind: keyof Vocabularies, id: string | null, withPath = false) =>
    id === null ? '—' : termLabel(vocabularies[kind], id, language, withPath);

  // The person the case is about is marked, unless their label already says so.
  const personName = (person: { label: string; caseSubject: boolean } | undefined) =>
    person === undefined
      ? '?'
      : person.caseSubject && person.label !== t('documentation.violations.subjectLabel')
        ? t('documentation.violations.subjectMark', { label: person.label })
        : person.label;

  const setDraft = (change: (d: ViolationDraft) => ViolationDraft) =>
    setDraftState((d) => (d === null ? d : change(d)));

  function start(event: CodedEvent | null) {
    setRefusal(null);
    setDraftState(
      event === null
        ? newDraft(newRecordId, today, t('documentation.violations.subjectLabel'))
        : draftOf(event, newRecordId),
    );
  }

  function submit() {
    if (draft === null) return;
    const event = eventOf(draft, vocabularyVersions(vocabularies));
    setRefusal(null);
    try {
      checkViolationEvent(
        event,
        vocabularies,
        testimonies.map((testimony) => testimony.id),
        today,
        events.find((coded) => coded.id === event.id) ?? null,
      );
    } catch (caught) {
      if (!(caught instanceof DocumentationInputError)) throw caught;
      setRefusal({ message: inputErrorMessage(t, caught), path: caught.path });
      return;
    }
    void apply(
      async (v) => {
        await saveViolationEvent(session, v, event, vocabularies, today);
        setDraftState(null);
      },
      t('documentation.violations.saved', { title: event.title }),
    );
  }

  return (
    <section aria-labelledby="violations-heading" className="panel">
      <h2 id="violations-heading">{t('documentation.violations.heading')}</h2>
      {events.length === 0 ? (
        <p>{t('documentation.violations.none')}</p>
      ) : (
        <p>{t('documentation.violations.count', { count: events.length })}</p>
      )}
      <ol className="notes">
        {events.map((event) => {
          const personOf = (id: string) => event.persons.find((person) => person.id === id);
          const actIndex = (id: string) => event.acts.findIndex((act) => act.id === id);
          return (
            <li key={event.id}>
              <h3>{event.title}</h3>
              <dl>
                <dt>{t('documentation.fields.dates')}</dt>
                <dd>{dates(event.startDate, event.endDate)}</dd>
                <dt>{t('documentation.fields.place')}</dt>
                <dd>{label('places', event.place, true)}</dd>
                <dt>{t('documentation.violations.sources')}</dt>
                <dd>
                  {t('documentation.violations.sourceCount', { count: event.sources.length })}
                </dd>
              </dl>
              <table>
                <caption>{t('documentation.violations.actsOf', { title: event.title })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('documentation.violations.actColumn')}</th>
                    <th scope="col">{t('documentation.fields.type')}</th>
                    <th scope="col">{t('documentation.fields.dates')}</th>
                    <th scope="col">{t('documentation.fields.detentionPlace')}</th>
                    <th scope="col">{t('documentation.fields.verificationStatus')}</th>
                  </tr>
                </thead>
                <tbody>
                  {event.acts.map((act, index) => (
                    <tr key={act.id}>
                      <th scope="row">{index + 1}</th>
                      <td>
                        {label('act_types', act.type, true)}
                        {act.methods.length > 0 &&
                          ` (${act.methods.map((m) => label('methods', m)).join(', ')})`}
                      </td>
                      <td>{dates(act.startDate, act.endDate)}</td>
                      <td>{label('places', act.detentionPlace, true)}</td>
                      <td>
                        {t('documentation.violations.verifiedOn', {
                          status: label('act_verification_statuses', act.verification.status),
                          date: date(act.verification.date),
                        })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {event.involvements.length > 0 && (
                <>
                  <h4>{t('documentation.violations.involvements')}</h4>
                  <ul>
                    {event.involvements.map((involvement) => {
                      const person = personOf(involvement.personId);
                      const index = actIndex(involvement.actId);
                      return (
                        <li
                          key={`${involvement.personId}-${involvement.actId}-${involvement.role}`}
                        >
                          {t('documentation.violations.involvementLine', {
                            person: personName(person),
                            role: label('involvement_roles', involvement.role),
                            act: index + 1,
                            type: label('act_types', event.acts[index]?.type ?? null),
                          })}
                          {involvement.perpetratorType &&
                            ` — ${label('perpetrator_types', involvement.perpetratorType, true)}`}
                        </li>
                      );
                    })}
                  </ul>
                </>
              )}
              {draft?.id !== event.id && (
                <button type="button" disabled={busy} onClick={() => start(event)}>
                  {t('documentation.violations.recode', { title: event.title })}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {draft === null && (
        <button type="button" disabled={busy} onClick={() => start(null)}>
          {t('documentation.violations.code')}
        </button>
      )}
      {draft !== null && (
        <ViolationForm
          draft={draft}
          setDraft={setDraft}
          testimonies={testimonies}
          vocabularies={vocabularies}
          newId={newRecordId}
          today={today}
          refusal={refusal}
          busy={busy}
          onSubmit={submit}
          onCancel={() => setDraftState(null)}
        />
      )}
    </section>
  );
}
