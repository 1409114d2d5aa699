import type { Report } from '@corridor/vault';
import type { ReactNode } from 'react';
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
          <TwoColumnTable
            caption={t('reports.result.detention')}
            headers={[t('reports.result.detentionBucket'), t('reports.result.detentionCount')]}
            rows={detention.buckets.map((bucket, j) => ({
              key: bucket.key,
              label: bucket.label,
              cell: (
                <Figure
                  cell={
                    detention.protectedTable.cells[0]?.[j] ?? {
                      value: bucket.count,
                      suppressed: null,
                    }
                  }
                  threshold={rule.threshold}
                />
              ),
            }))}
          />
        </>
      )}

      <h3>{t('reports.result.spending')}</h3>
      {report.spending.length === 0 ? (
        <p>{t('reports.result.spendingNone')}</p>
      ) : (
        report.spending.map((spending) => {
          const spentRow = (row: { key: string; label: string; spentMinor: number }) => ({
            key: row.key,
            label: row.label,
            cell: <td>{formatMoney(row.spentMinor, spending.currency, language)}</td>,
          });
          return (
            <div key={spending.currency}>
              <TwoColumnTable
                caption={t('reports.result.spendingByCategory', { currency: spending.currency })}
                headers={[t('reports.result.category'), t('reports.result.spent')]}
                rows={spending.byCategory.map(spentRow)}
              />
              <p className="hint">{t('reports.result.spendingAllTime')}</p>
              <TwoColumnTable
                caption={t('reports.result.spendingByPeriod', { currency: spending.currency })}
                headers={[t('reports.result.periodColumn'), t('reports.result.spent')]}
                rows={spending.byPeriod.map(spentRow)}
              />
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

/**
 * A table of two columns, as the result shows detention lengths and spending: a row
 * header per line and its figure (`cell`, the whole `<td>`, so a hidden figure keeps
 * its marking).
 */
function TwoColumnTable({
  caption,
  headers,
  rows,
}: {
  caption: string;
  headers: readonly [string, string];
  rows: readonly { key: string; label: string; cell: ReactNode }[];
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{headers[0]}</th>
          <th scope="col">{headers[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            {row.cell}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
