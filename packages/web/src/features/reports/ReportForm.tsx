import {
  measureLabels,
  type ReportDefinition,
  type ReportDefinitionInput,
  ReportDefinitionSchema,
  reportColumnDimensions,
  reportMeasures,
  reportPeriods,
  reportRowDimensions,
  seedsReportDefinition,
} from '@corridor/vault';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Vocabularies } from '../documentation/use-vocabularies.ts';
import { reportLocale } from './report-text.ts';

const placeDepthChoices = [1, 2, 3] as const;

/** Why the schema refused a definition, as a `reports.problem.*` key. */
function problemKey(issues: readonly { params?: unknown; path: readonly PropertyKey[] }[]) {
  for (const issue of issues) {
    const code = (issue.params as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') return code;
    if (issue.path[0] === 'measures') return 'no_measure';
  }
  return 'other';
}

/**
 * What to count: a preset (the seeds' table) or one's own figures, rows and columns,
 * period and dates, the consent use, verified acts only, and how figures are protected.
 */
export function ReportForm({
  vocabularies,
  onBuild,
}: {
  vocabularies: Vocabularies;
  onBuild: (definition: ReportDefinition) => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  // Null while the preset is kept as it is: its title then follows the page's language.
  const [custom, setCustom] = useState<ReportDefinitionInput | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const preset = custom === null ? 'seeds' : 'custom';
  const definition: ReportDefinitionInput = custom ?? {
    ...seedsReportDefinition,
    title: t('reports.seedsTitle'),
  };
  const change = (patch: Partial<ReportDefinitionInput>) => setCustom({ ...definition, ...patch });
  const language = reportLocale(i18n.language);
  const uses = vocabularies.consent_uses.terms.filter((term) => !term.retired);
  const measures = definition.measures ?? [];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ReportDefinitionSchema.safeParse(definition);
    if (!parsed.success) {
      setProblem(t(`reports.problem.${problemKey(parsed.error.issues)}`));
      return;
    }
    setProblem(null);
    onBuild(parsed.data);
  }

  return (
    <form onSubmit={submit} className="report-form" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('reports.form.heading')}</h2>
      <label>
        {t('reports.form.preset')}
        <select
          value={preset}
          onChange={(event) => {
            setCustom(event.target.value === 'seeds' ? null : definition);
          }}
        >
          <option value="seeds">{t('reports.form.presetSeeds')}</option>
          <option value="custom">{t('reports.form.presetCustom')}</option>
        </select>
      </label>
      <label>
        {t('reports.form.titleField')}
        <input
          value={definition.title}
          maxLength={200}
          required
          onChange={(event) => change({ title: event.target.value })}
        />
      </label>
      <fieldset className="choices">
        <legend>{t('reports.form.measures')}</legend>
        {reportMeasures.map((measure) => (
          <label key={measure} className="checkbox">
            <input
              type="checkbox"
              checked={measures.includes(measure)}
              onChange={(event) =>
                change({
                  measures: event.target.checked
                    ? reportMeasures.filter((m) => m === measure || measures.includes(m))
                    : measures.filter((m) => m !== measure),
                })
              }
            />
            {measureLabels[measure][language]}
          </label>
        ))}
      </fieldset>
      <div className="inline-form">
        <label>
          {t('reports.form.rows')}
          <select
            value={definition.rows ?? 'measure'}
            onChange={(event) =>
              change({ rows: event.target.value as (typeof reportRowDimensions)[number] })
            }
          >
            {reportRowDimensions.map((choice) => (
              <option key={choice} value={choice}>
                {t(`reports.rowsBy.${choice}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.form.columns')}
          <select
            value={definition.columns ?? 'period'}
            onChange={(event) =>
              change({ columns: event.target.value as (typeof reportColumnDimensions)[number] })
            }
          >
            {reportColumnDimensions.map((choice) => (
              <option key={choice} value={choice}>
                {t(`reports.columnsBy.${choice}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.form.period')}
          <select
            value={definition.period ?? 'year'}
            onChange={(event) =>
              change({ period: event.target.value as (typeof reportPeriods)[number] })
            }
          >
            {reportPeriods.map((choice) => (
              <option key={choice} value={choice}>
                {t(`reports.periodBy.${choice}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.form.placeDepth')}
          <select
            value={definition.placeDepth ?? 2}
            onChange={(event) => change({ placeDepth: Number(event.target.value) })}
          >
            {placeDepthChoices.map((choice) => (
              <option key={choice} value={choice}>
                {t(`reports.placeDepthBy.${choice}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="inline-form">
        <label>
          {t('reports.form.from')}
          <input
            type="date"
            required
            value={definition.from}
            onChange={(event) => change({ from: event.target.value })}
          />
        </label>
        <label>
          {t('reports.form.to')}
          <input
            type="date"
            required
            value={definition.to}
            onChange={(event) => change({ to: event.target.value })}
          />
        </label>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={definition.verifiedOnly ?? false}
          onChange={(event) => change({ verifiedOnly: event.target.checked })}
        />
        {t('reports.form.verifiedOnly')}
      </label>
      <label>
        {t('reports.form.use')}
        <select
          value={definition.use ?? 'anonymised_statistics'}
          aria-describedby={`${id}-use-hint`}
          onChange={(event) => change({ use: event.target.value })}
        >
          {uses.map((term) => (
            <option key={term.id} value={term.id}>
              {term.labels[language]}
            </option>
          ))}
        </select>
      </label>
      <p id={`${id}-use-hint`} className="hint">
        {t('reports.form.useHint')}
      </p>
      <div className="inline-form">
        <label>
          {t('reports.form.threshold')}
          <input
            type="number"
            min={1}
            max={100}
            step={1}
            required
            value={definition.threshold ?? 5}
            onChange={(event) => change({ threshold: event.target.valueAsNumber })}
          />
        </label>
        <label>
          {t('reports.form.rounding')}
          <select
            value={definition.rounding ?? 'none'}
            onChange={(event) => change({ rounding: event.target.value as 'none' | 'base5' })}
          >
            <option value="none">{t('reports.roundingBy.none')}</option>
            <option value="base5">{t('reports.roundingBy.base5')}</option>
          </select>
        </label>
      </div>
      {problem && (
        <p role="alert" className="error">
          {t('reports.form.invalid', { problem })}
        </p>
      )}
      <button type="submit">{t('reports.form.build')}</button>
    </form>
  );
}
