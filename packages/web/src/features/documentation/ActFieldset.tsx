import { useTranslation } from 'react-i18next';
import { ChoiceSelect, DateField } from './form-fields.tsx';
import type { Vocabularies } from './use-vocabularies.ts';
import type { ActDraft } from './violation-draft.ts';
import { termChoices, uiLanguage, withCurrent } from './vocabulary-choices.ts';

/**
 * One act of an event: its type, dates, methods, where the person was held, and how far
 * it is verified. Ids of its inputs follow the record's paths (`acts-1-type`), so a
 * refusal naming `acts.1.type` can take the focus to that field.
 */
export function ActFieldset({
  act,
  index,
  vocabularies,
  fieldId,
  today,
  onChange,
  onRemove,
}: {
  readonly act: ActDraft;
  readonly index: number;
  readonly vocabularies: Vocabularies;
  readonly fieldId: (path: string) => string;
  readonly today: string;
  readonly onChange: (change: Partial<ActDraft>) => void;
  readonly onRemove: (() => void) | null;
}) {
  const { t, i18n } = useTranslation();
  const language = uiLanguage(i18n.language);
  const at = (field: string) => fieldId(`acts.${index}.${field}`);
  const n = index + 1;
  const types = withCurrent(
    termChoices(vocabularies.act_types, language),
    vocabularies.act_types,
    act.type,
    language,
  );
  const places = withCurrent(
    termChoices(vocabularies.places, language, { skipRoots: true }),
    vocabularies.places,
    act.detentionPlace,
    language,
  );
  const statuses = withCurrent(
    termChoices(vocabularies.act_verification_statuses, language),
    vocabularies.act_verification_statuses,
    act.verificationStatus,
    language,
  );
  const methods = act.methods.reduce(
    (choices, method) => withCurrent(choices, vocabularies.methods, method, language),
    termChoices(vocabularies.methods, language),
  );
  const toggleMethod = (id: string, on: boolean) =>
    onChange({ methods: on ? [...act.methods, id] : act.methods.filter((m) => m !== id) });

  return (
    <fieldset id={fieldId(`acts.${index}`)}>
      <legend>{t('documentation.fields.act', { n })}</legend>
      <ChoiceSelect
        id={at('type')}
        label={t('documentation.fields.type')}
        value={act.type}
        choices={types}
        placeholder={t('documentation.violations.chooseType')}
        onChange={(type) => onChange({ type })}
      />
      <DateField
        id={at('startDate')}
        label={t('documentation.fields.startDate')}
        max={today}
        value={act.startDate}
        onChange={(startDate) => onChange({ startDate })}
      />
      <DateField
        id={at('endDate')}
        label={t('documentation.fields.endDate')}
        max={today}
        value={act.endDate}
        onChange={(endDate) => onChange({ endDate })}
      />
      <fieldset className="choices" id={at('methods')}>
        <legend>{t('documentation.fields.methods')}</legend>
        {methods.map((method) => (
          <label key={method.id}>
            <input
              type="checkbox"
              checked={act.methods.includes(method.id)}
              onChange={(e) => toggleMethod(method.id, e.target.checked)}
            />
            {method.label}
          </label>
        ))}
      </fieldset>
      <ChoiceSelect
        id={at('detentionPlace')}
        label={t('documentation.fields.detentionPlace')}
        value={act.detentionPlace}
        choices={places}
        placeholder={t('documentation.violations.noPlace')}
        onChange={(detentionPlace) => onChange({ detentionPlace })}
      />
      <ChoiceSelect
        id={at('verification.status')}
        label={t('documentation.fields.verificationStatus')}
        value={act.verificationStatus}
        choices={statuses}
        onChange={(verificationStatus) => onChange({ verificationStatus })}
      />
      <DateField
        id={at('verification.date')}
        label={t('documentation.fields.verificationDate')}
        max={today}
        value={act.verificationDate}
        onChange={(verificationDate) => onChange({ verificationDate })}
      />
      <label>
        {t('documentation.fields.note')}
        <textarea
          id={at('note')}
          rows={2}
          maxLength={5_000}
          value={act.note}
          onChange={(e) => onChange({ note: e.target.value })}
        />
      </label>
      {onRemove && (
        <button type="button" onClick={onRemove}>
          {t('documentation.violations.removeAct', { n })}
        </button>
      )}
    </fieldset>
  );
}
