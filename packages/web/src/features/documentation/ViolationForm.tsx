import type { RecordedTestimony } from '@corridor/vault';
import { type FormEvent, useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ActFieldset } from './ActFieldset.tsx';
import { calendarDate } from './dates.ts';
import { ChoiceSelect, DateField } from './form-fields.tsx';
import type { Vocabularies } from './use-vocabularies.ts';
import {
  type ActDraft,
  emptyAct,
  emptyInvolvement,
  emptyPerson,
  type InvolvementDraft,
  type MakeId,
  type PersonDraft,
  type ViolationDraft,
  withoutAct,
  withoutPerson,
} from './violation-draft.ts';
import { termChoices, termLabel, uiLanguage, withCurrent } from './vocabulary-choices.ts';

/** A refusal shown on the form: the sentence, and the record path it names. */
export interface FormRefusal {
  readonly message: string;
  readonly path: string | null;
}

/**
 * The form that codes one violation event: title, dates, place, the testimonies it rests
 * on, its persons, acts and the involvements linking them. Controlled: the draft lives
 * in the panel, so a refusal or a conflict loses nothing typed.
 */
export function ViolationForm({
  draft,
  setDraft,
  testimonies,
  vocabularies,
  newId,
  today,
  refusal,
  busy,
  onSubmit,
  onCancel,
}: {
  readonly draft: ViolationDraft;
  readonly setDraft: (change: (draft: ViolationDraft) => ViolationDraft) => void;
  readonly testimonies: readonly RecordedTestimony[];
  readonly vocabularies: Vocabularies;
  readonly newId: MakeId;
  readonly today: string;
  readonly refusal: FormRefusal | null;
  readonly busy: boolean;
  readonly onSubmit: () => void;
  readonly onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const base = useId();
  const language = uiLanguage(i18n.language);
  const fieldId = (path: string) => `${base}-${path.replace(/\./g, '-')}`;
  const date = (value: string) => calendarDate(value, i18n.language);

  // A refusal takes the focus to the field it names, or to the nearest one there is.
  useEffect(() => {
    if (refusal?.path == null) return;
    const parts = refusal.path.split('.');
    for (let length = parts.length; length > 0; length--) {
      const element = document.getElementById(`${base}-${parts.slice(0, length).join('-')}`);
      if (element) {
        const field = element.matches('input, select, textarea')
          ? element
          : element.querySelector<HTMLElement>('input, select, textarea, button');
        field?.focus();
        return;
      }
    }
  }, [refusal, base]);

  const places = withCurrent(
    termChoices(vocabularies.places, language, { skipRoots: true }),
    vocabularies.places,
    draft.place,
    language,
  );
  const roles = termChoices(vocabularies.involvement_roles, language);
  const perpetratorTypes = termChoices(vocabularies.perpetrator_types, language);

  const set = (change: Partial<ViolationDraft>) => setDraft((d) => ({ ...d, ...change }));
  const setAct = (id: string, change: Partial<ActDraft>) =>
    setDraft((d) => ({ ...d, acts: d.acts.map((a) => (a.id === id ? { ...a, ...change } : a)) }));
  const setPerson = (id: string, change: Partial<PersonDraft>) =>
    setDraft((d) => ({
      ...d,
      persons: d.persons.map((p) => (p.id === id ? { ...p, ...change } : p)),
    }));
  const setInvolvement = (key: string, change: Partial<InvolvementDraft>) =>
    setDraft((d) => ({
      ...d,
      involvements: d.involvements.map((i) => (i.key === key ? { ...i, ...change } : i)),
    }));
  const toggleSource = (id: string, on: boolean) =>
    setDraft((d) => ({
      ...d,
      sources: on ? [...d.sources, id] : d.sources.filter((s) => s !== id),
    }));

  const actName = (act: ActDraft, index: number) =>
    act.type
      ? t('documentation.violations.actRef', {
          n: index + 1,
          type: termLabel(vocabularies.act_types, act.type, language),
        })
      : t('documentation.fields.act', { n: index + 1 });
  const personName = (person: PersonDraft, index: number) =>
    person.label
      ? t('documentation.violations.personRef', { n: index + 1, label: person.label })
      : t('documentation.fields.person', { n: index + 1 });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${base}-heading`} noValidate>
      <h3 id={`${base}-heading`}>{t('documentation.violations.formHeading')}</h3>
      {refusal && (
        <p role="alert" className="error">
          {refusal.message}
        </p>
      )}
      <label>
        {t('documentation.fields.title')}
        <input
          id={fieldId('title')}
          value={draft.title}
          maxLength={300}
          autoComplete="off"
          onChange={(e) => set({ title: e.target.value })}
        />
      </label>
      <DateField
        id={fieldId('startDate')}
        label={t('documentation.fields.startDate')}
        max={today}
        value={draft.startDate}
        onChange={(startDate) => set({ startDate })}
      />
      <DateField
        id={fieldId('endDate')}
        label={t('documentation.fields.endDate')}
        max={today}
        value={draft.endDate}
        onChange={(endDate) => set({ endDate })}
      />
      <ChoiceSelect
        id={fieldId('place')}
        label={t('documentation.fields.place')}
        value={draft.place}
        choices={places}
        placeholder={t('documentation.violations.noPlace')}
        onChange={(place) => set({ place })}
      />
      <fieldset className="choices" id={fieldId('sources')}>
        <legend>{t('documentation.violations.sources')}</legend>
        {testimonies.length === 0 && <p>{t('documentation.violations.noSources')}</p>}
        {testimonies.map((testimony) => (
          <label key={testimony.id}>
            <input
              type="checkbox"
              checked={draft.sources.includes(testimony.id)}
              onChange={(e) => toggleSource(testimony.id, e.target.checked)}
            />
            {t('documentation.testimony.itemHeading', {
              date: date(testimony.interviewDate),
              interviewer: testimony.interviewer,
            })}
          </label>
        ))}
      </fieldset>
      <fieldset id={fieldId('persons')}>
        <legend>{t('documentation.violations.persons')}</legend>
        {draft.persons.map((person, index) => (
          <fieldset key={person.id} id={fieldId(`persons.${index}`)}>
            <legend>{t('documentation.fields.person', { n: index + 1 })}</legend>
            <label>
              {t('documentation.fields.label')}
              <input
                id={fieldId(`persons.${index}.label`)}
                value={person.label}
                maxLength={200}
                autoComplete="off"
                aria-describedby={`${base}-person-hint`}
                onChange={(e) => setPerson(person.id, { label: e.target.value })}
              />
            </label>
            <label className="checkbox">
              <input
                id={fieldId(`persons.${index}.caseSubject`)}
                type="checkbox"
                checked={person.caseSubject}
                onChange={(e) => setPerson(person.id, { caseSubject: e.target.checked })}
              />
              {t('documentation.fields.caseSubject')}
            </label>
            <button type="button" onClick={() => setDraft((d) => withoutPerson(d, person.id))}>
              {t('documentation.violations.removePerson', { n: index + 1 })}
            </button>
          </fieldset>
        ))}
        <p id={`${base}-person-hint`} className="hint">
          {t('documentation.violations.personHint')}
        </p>
        <button
          type="button"
          onClick={() =>
            setDraft((d) => ({ ...d, persons: [...d.persons, emptyPerson(newId, false)] }))
          }
        >
          {t('documentation.violations.addPerson')}
        </button>
      </fieldset>
      <fieldset id={fieldId('acts')}>
        <legend>{t('documentation.violations.acts')}</legend>
        {draft.acts.map((act, index) => (
          <ActFieldset
            key={act.id}
            act={act}
            index={index}
            vocabularies={vocabularies}
            fieldId={fieldId}
            today={today}
            onChange={(change) => setAct(act.id, change)}
            onRemove={draft.acts.length > 1 ? () => setDraft((d) => withoutAct(d, act.id)) : null}
          />
        ))}
        <button
          type="button"
          onClick={() => setDraft((d) => ({ ...d, acts: [...d.acts, emptyAct(newId, today)] }))}
        >
          {t('documentation.violations.addAct')}
        </button>
      </fieldset>
      <fieldset id={fieldId('involvements')}>
        <legend>{t('documentation.violations.involvements')}</legend>
        <p className="hint">{t('documentation.violations.involvementHint')}</p>
        {draft.involvements.map((involvement, index) => {
          const at = (field: string) => fieldId(`involvements.${index}.${field}`);
          return (
            <fieldset key={involvement.key} id={fieldId(`involvements.${index}`)}>
              <legend>{t('documentation.fields.involvement', { n: index + 1 })}</legend>
              <ChoiceSelect
                id={at('personId')}
                label={t('documentation.fields.personId')}
                value={involvement.personId}
                choices={draft.persons.map((person, i) => ({
                  id: person.id,
                  label: personName(person, i),
                }))}
                placeholder={t('documentation.violations.choosePerson')}
                onChange={(personId) => setInvolvement(involvement.key, { personId })}
              />
              <ChoiceSelect
                id={at('actId')}
                label={t('documentation.fields.actId')}
                value={involvement.actId}
                choices={draft.acts.map((act, i) => ({ id: act.id, label: actName(act, i) }))}
                placeholder={t('documentation.violations.chooseAct')}
                onChange={(actId) => setInvolvement(involvement.key, { actId })}
              />
              <ChoiceSelect
                id={at('role')}
                label={t('documentation.fields.role')}
                value={involvement.role}
                choices={withCurrent(
                  roles,
                  vocabularies.involvement_roles,
                  involvement.role,
                  language,
                )}
                onChange={(role) => setInvolvement(involvement.key, { role })}
              />
              {involvement.role === 'perpetrator' && (
                <ChoiceSelect
                  id={at('perpetratorType')}
                  label={t('documentation.fields.perpetratorType')}
                  value={involvement.perpetratorType}
                  choices={withCurrent(
                    perpetratorTypes,
                    vocabularies.perpetrator_types,
                    involvement.perpetratorType,
                    language,
                  )}
                  placeholder={t('documentation.violations.chooseType')}
                  onChange={(perpetratorType) =>
                    setInvolvement(involvement.key, { perpetratorType })
                  }
                />
              )}
              <button
                type="button"
                onClick={() =>
                  setDraft((d) => ({
                    ...d,
                    involvements: d.involvements.filter((i) => i.key !== involvement.key),
                  }))
                }
              >
                {t('documentation.violations.removeInvolvement', { n: index + 1 })}
              </button>
            </fieldset>
          );
        })}
        <button
          type="button"
          onClick={() =>
            setDraft((d) => ({
              ...d,
              involvements: [
                ...d.involvements,
                emptyInvolvement(newId, d.persons[0]?.id ?? '', d.acts.at(-1)?.id ?? ''),
              ],
            }))
          }
        >
          {t('documentation.violations.addInvolvement')}
        </button>
      </fieldset>
      <button type="submit" disabled={busy}>
        {t('documentation.violations.save')}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('documentation.cancel')}
      </button>
    </form>
  );
}
