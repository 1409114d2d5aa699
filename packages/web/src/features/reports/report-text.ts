// The words of a built report, made once for the page and the PDF so both say the same:
// hidden-figure markers, the rule statement, the definition and what was left out.
import {
  measureLabels,
  type ProtectedCell,
  type Report,
  type ReportDefinition,
} from '@corridor/vault';
import type { TFunction } from 'i18next';
import type { Vocabularies } from '../documentation/use-vocabularies.ts';

/** `*` for a figure below the threshold, `**` for one hidden to protect another. */
export const hiddenMarker = (cell: ProtectedCell): string =>
  cell.suppressed === 'primary' ? '*' : cell.suppressed === 'secondary' ? '**' : '';

/** What a cell shows: its figure, or "hidden" with its marker (a word, not a colour). */
export function cellText(t: TFunction, cell: ProtectedCell, language: string): string {
  if (cell.value === null) return `${t('reports.disclosure.hiddenCell')}${hiddenMarker(cell)}`;
  return new Intl.NumberFormat(language).format(cell.value);
}

/** Why a cell is hidden, in full, for screen readers; null for a published figure. */
export function cellExplanation(t: TFunction, cell: ProtectedCell, threshold: number) {
  if (cell.suppressed === 'primary') return t('reports.disclosure.hiddenPrimary', { threshold });
  if (cell.suppressed === 'secondary') return t('reports.disclosure.hiddenSecondary');
  return null;
}

/** The rule applied, as sentences in the reader's language. */
export function ruleLines(t: TFunction, rule: Report['rule']): string[] {
  return [
    t('reports.disclosure.threshold', { count: rule.threshold }),
    t('reports.disclosure.secondary'),
    t('reports.disclosure.zeros'),
    rule.rounding === 'base5'
      ? t('reports.disclosure.roundingBase5')
      : t('reports.disclosure.roundingNone'),
    t('reports.disclosure.hiddenCount', { count: rule.primaryCount + rule.secondaryCount }),
  ];
}

/** The language reports are written in for a page language: Russian or English. */
export const reportLocale = (language: string): 'en' | 'ru' =>
  language.startsWith('ru') ? 'ru' : 'en';

/** A consent use's label in the reader's language (its id if the vocabulary lacks it). */
export function consentUseLabel(vocabularies: Vocabularies, use: string, language: string): string {
  const term = vocabularies.consent_uses.terms.find((candidate) => candidate.id === use);
  if (!term) return use;
  return term.labels[reportLocale(language)];
}

/** A calendar date (`2017-04-02`) in the reader's language, the same in every time zone. */
export const calendarDay = (value: string, language: string): string =>
  new Date(`${value}T00:00:00Z`).toLocaleDateString(language, {
    timeZone: 'UTC',
    dateStyle: 'medium',
  });

/** What was counted, over what, for which use: printed above the table. */
export function definitionLines(
  t: TFunction,
  definition: ReportDefinition,
  vocabularies: Vocabularies,
  language: string,
): string[] {
  return [
    t('reports.result.definition', {
      measures: definition.measures.map((m) => measureLabels[m][reportLocale(language)]).join(', '),
      rows: t(`reports.rowsBy.${definition.rows}`),
      columns: t(`reports.columnsBy.${definition.columns}`),
      period: t(`reports.periodBy.${definition.period}`),
      from: calendarDay(definition.from, language),
      to: calendarDay(definition.to, language),
      use: consentUseLabel(vocabularies, definition.use, language),
    }),
    definition.verifiedOnly
      ? t('reports.result.verifiedOnly')
      : t('reports.result.allVerification'),
  ];
}

/** What was not counted, as label and number pairs. */
export function leftOutRows(t: TFunction, leftOut: Report['leftOut']): [string, number][] {
  return [
    [t('reports.result.leftOutEvents'), leftOut.consent.events],
    [t('reports.result.leftOutActs'), leftOut.consent.acts],
    [t('reports.result.leftOutPersons'), leftOut.consent.persons],
    [t('reports.result.leftOutUnverified'), leftOut.unverified],
    [t('reports.result.leftOutUnreadable'), leftOut.unreadableCases],
  ];
}

/** A warning's problem in words, with the term concerned when there is one. */
export function warningProblem(t: TFunction, warning: Report['warnings'][number]): string {
  const known = t(`reports.warning.${warning.code}`, { defaultValue: '' });
  const problem = known || t('reports.warning.other', { code: warning.code });
  return warning.termId
    ? `${problem}: ${t('reports.result.warningTerm', { term: warning.termId })}`
    : problem;
}

/** The detention figures in one sentence, hidden ones said so. */
export function detentionSummary(report: Report, t: TFunction, language: string): string {
  const { detention } = report;
  const number = (value: number | null) =>
    value === null
      ? t('reports.disclosure.hiddenCell')
      : new Intl.NumberFormat(language).format(value);
  if (detention.minDays === null && detention.medianDays === null && detention.maxDays === null) {
    return `${t('reports.result.detentionCounted', { detentions: number(detention.count) })} ${t('reports.result.detentionLengthsHidden')}`;
  }
  // Each of min, median and max is withheld on its own (see ReportDetention): say which.
  const summary = t('reports.result.detentionSummary', {
    detentions: number(detention.count),
    min: number(detention.minDays),
    median: number(detention.medianDays),
    max: number(detention.maxDays),
  });
  const someHidden =
    detention.minDays === null || detention.medianDays === null || detention.maxDays === null;
  return someHidden ? `${summary} ${t('reports.result.detentionLengthsHidden')}` : summary;
}
