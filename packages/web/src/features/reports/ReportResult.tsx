import type { Report } from '@corridor/vault';
import { useTranslation } from 'react-i18next';
import type { Vocabularies } from '../documentation/use-vocabularies.ts';
import { formatMoney } from '../funds/money.ts';
import { ReportChart } from './ReportChart.tsx';
import { Figure, ReportTable } from './ReportTable.tsx';
import {
  calendarDay,
  definitionLines,
  detentionSummary,
  leftOutRows,
  ruleLines,
  warningProblem,
} from './report-text.ts';

/**
 * A built report as the page shows it: what was counted, the protected table, the rule
 * applied, what was left out and why, the warnings, detention lengths, spending, charts.
 */
export function ReportResult({
  report,
  vocabularies,
  caseTitles,
  onCanvas,
}: {
  report: Report;
  vocabularies: Vocabularies;
  caseTitles: ReadonlyMap<string, string | null>;
  onCanvas: (id: string, canvas: HTMLCanvasElement | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const number = (value: number) => new Intl.NumberFormat(language).format(value);
  const { definition, rule, detention } = report;

  return (
    <section aria-labelledby="report-result-title" className="report-result">
      <h2 id="report-result-title">{definition.title}</h2>
      <p>
        {t('reports.result.madeOn', {
          date: calendarDay(report.builtOn, language),
          cases: number(report.cases),
        })}
      </p>
      {definitionLines(t, definition, vocabularies, language).map((line) => (
        <p key={line}>{line}</p>
      ))}
      <ReportTable
        table={report.table}
        title={definition.title}
        rowsHeader={t(`reports.rowsBy.${definition.rows}`)}
        threshold={rule.threshold}
      />

      <h3>{t('reports.disclosure.heading')}</h3>
      <ul className="report-rule">
        {ruleLines(t, rule).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>

      <h3>{t('reports.result.leftOut')}</h3>
      <p>{t('reports.result.leftOutIntro')}</p>
      <dl className="report-left-out">
        {leftOutRows(t, report.leftOut).map(([label, count]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{number(count)}</dd>
          </div>
        ))}
      </dl>

      <h3>{t('reports.result.warnings')}</h3>
      {report.warnings.length === 0 ? (
        <p>{t('reports.result.noWarnings')}</p>
      ) : (
        <>
          <p>{t('reports.result.warningsIntro')}</p>
          <ul className="report-warnings">
            {report.warnings.map((warning) => (
              <li
                key={`${warning.caseId} ${warning.seq} ${warning.eventId} ${warning.actId} ${warning.code} ${warning.termId}`}
              >
                {warningProblem(t, warning)} —{' '}
                <a href={`#/cases/${warning.caseId}`}>
                  {caseTitles.get(warning.caseId) ?? warning.caseId}
                </a>
                {warning.seq !== null && t('reports.result.warningSeq', { seq: warning.seq })}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>{t('reports.result.detention')}</h3>
      {detention.count === 0 && (detention.open ?? 0) === 0 ? (
        <p>{t('reports.result.detentionNone')}</p>
      ) : (
        <>
          <p>{detentionSummary(report, t, language)}</p>
          <table>
            <caption>{t('reports.result.detention')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.result.detentionBucket')}</th>
                <th scope="col">{t('reports.result.detentionCount')}</th>
              </tr>
            </thead>
            <tbody>
              {detention.buckets.map((bucket, j) => {
                const cell = detention.protectedTable.cells[0]?.[j] ?? {
                  value: bucket.count,
                  suppressed: null,
                };
                return (
                  <tr key={bucket.key}>
                    <th scope="row">{bucket.label}</th>
                    <Figure cell={cell} threshold={rule.threshold} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}

      <h3>{t('reports.result.spending')}</h3>
      {report.spending.length === 0 ? (
        <p>{t('reports.result.spendingNone')}</p>
      ) : (
        report.spending.map((spending) => {
          const money = (minor: number) => formatMoney(minor, spending.currency, language);
          return (
            <div key={spending.currency}>
              <table>
                <caption>
                  {t('reports.result.spendingByCategory', { currency: spending.currency })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.result.category')}</th>
                    <th scope="col">{t('reports.result.spent')}</th>
                  </tr>
                </thead>
                <tbody>
                  {spending.byCategory.map((row) => (
                    <tr key={row.key}>
                      <th scope="row">{row.label}</th>
                      <td>{money(row.spentMinor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="hint">{t('reports.result.spendingAllTime')}</p>
              <table>
                <caption>
                  {t('reports.result.spendingByPeriod', { currency: spending.currency })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.result.periodColumn')}</th>
                    <th scope="col">{t('reports.result.spent')}</th>
                  </tr>
                </thead>
                <tbody>
                  {spending.byPeriod.map((row) => (
                    <tr key={row.key}>
                      <th scope="row">{row.label}</th>
                      <td>{money(row.spentMinor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        })
      )}

      {report.charts.length > 0 && (
        <>
          <h3>{t('reports.result.charts')}</h3>
          {report.charts.map((chart) => (
            <ReportChart key={chart.id} chart={chart} onCanvas={onCanvas} />
          ))}
        </>
      )}
    </section>
  );
}
