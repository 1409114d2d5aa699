import type { Vocabularies } from '../documentation/vocabularies.ts';
import type { ProtectedCell, ProtectedTable } from './disclosure-control.ts';
import { otherLabels, termIndex, termLabel } from './report-labels.ts';
import {
  hiddenMarker,
  leftOutStatement,
  noColumnSumNote,
  ruleStatement,
  sumLabel,
  sumNote,
} from './report-statements.ts';
import type { Report, ReportLocale } from './report-types.ts';

/**
 * A cell as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break,
 * quotes doubled. Text a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
 * `@`, a tab or a carriage return) gets a leading apostrophe first: report titles and
 * vocabulary labels are typed by people, and a CSV is opened in Excel.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: readonly (string | number)[]): string {
  return cells.map(csvCell).join(',');
}

/**
 * The report as CSV (RFC 4180: CRLF line ends, quoted where needed): the table with its
 * sums of cells (no column sums when the rows are different figures), hidden figures
 * written as the rule's marker (`hidden` / `скрыто`), the length of detentions, spending
 * per currency (all-time categories and in-range periods under their own headings), then
 * the rule applied and what was left out — one sentence a line, warnings as counts only —
 * so the statement travels with the figures.
 */
export function reportCsv(
  report: Report,
  locale: ReportLocale,
  vocabularies?: Vocabularies,
): string {
  const marker = hiddenMarker[locale];
  const figure = (cell: ProtectedCell | undefined): string | number =>
    cell === undefined || cell.value === null ? marker : cell.value;
  const total = sumLabel[locale];
  const lines: string[] = [];
  const tableLines = (
    heading: string,
    labels: readonly string[],
    rowLabels: readonly string[],
    table: ProtectedTable,
    columnTotals: boolean,
  ) => {
    lines.push(csvLine([heading, ...labels, total]));
    table.cells.forEach((line, i) => {
      lines.push(csvLine([rowLabels[i] ?? '', ...line.map(figure), figure(table.rowTotals[i])]));
    });
    if (columnTotals) {
      lines.push(csvLine([total, ...table.columnTotals.map(figure), figure(table.grandTotal)]));
    }
  };

  const { table } = report;
  tableLines(
    report.definition.title,
    table.columnLabels,
    table.rowLabels,
    table.protectedTable,
    table.columnTotalsPublished,
  );
  lines.push(csvLine([sumNote[locale]]));
  if (!table.columnTotalsPublished) lines.push(csvLine([noColumnSumNote[locale]]));

  lines.push('');
  const detention = report.detention;
  tableLines(
    otherLabels.detentionChart[locale],
    detention.buckets.map((bucket) => bucket.label),
    [otherLabels.detentions[locale]],
    detention.protectedTable,
    true,
  );

  // Two lists with their own headings: categories are all-time totals (the digest keeps
  // no dates per category), periods are the report's range.
  for (const spending of report.spending) {
    const words = spendingWords[locale];
    lines.push('');
    lines.push(csvLine([`${words.byCategory} (${spending.currency})`]));
    lines.push(csvLine([words.allTime]));
    for (const row of spending.byCategory)
      lines.push(csvLine([row.label, minorToMajor(row.spentMinor, spending.currency)]));
    lines.push('');
    lines.push(csvLine([`${words.byPeriod} (${spending.currency})`]));
    for (const row of spending.byPeriod)
      lines.push(csvLine([row.label, minorToMajor(row.spentMinor, spending.currency)]));
  }

  lines.push('');
  const useLabel =
    vocabularies === undefined
      ? report.definition.use
      : termLabel(termIndex(vocabularies.consent_uses), report.definition.use, locale);
  for (const sentence of [
    ...ruleStatement(report.rule, locale),
    ...leftOutStatement(
      report.leftOut,
      report.warnings,
      { id: report.definition.use, label: useLabel },
      locale,
    ),
  ]) {
    lines.push(csvLine([sentence]));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const spendingWords: Readonly<
  Record<ReportLocale, { byCategory: string; allTime: string; byPeriod: string }>
> = {
  en: {
    byCategory: 'Spending by category, all time',
    allTime:
      'Categories are totals over all time, not only the report’s period: the ledger digest keeps no dates per category.',
    byPeriod: 'Spending by period',
  },
  ru: {
    byCategory: 'Расходы по статьям, за всё время',
    allTime:
      'Статьи — итоги за всё время, а не только за период отчёта: в сводке расходов нет дат по статьям.',
    byPeriod: 'Расходы по периодам',
  },
};

/** Minor units as the amount a spreadsheet reads (`1250` EUR → `12.50`; JPY has no minor digits). */
function minorToMajor(minor: number, currency: string): string {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  } catch {
    // An unknown code: the ledger's amounts are in hundredths unless Intl says otherwise.
  }
  return (minor / 10 ** digits).toFixed(digits);
}
