// The report as a PDF: title, date, what was counted, the protected table with its hidden
// markers, the rule applied, what was left out, how many warnings, detention lengths, spending and
// the charts as pictures. pdfmake's bundled Roboto has Cyrillic, so a Russian report
// prints as it reads on the page. pdfmake is large: it is loaded only when a PDF is made.
import type { Report } from '@corridor/vault';
import type { TFunction } from 'i18next';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Vocabularies } from '../documentation/use-vocabularies.ts';
import { formatMoney } from '../funds/money.ts';
import {
  calendarDay,
  cellText,
  definitionLines,
  detentionSummary,
  leftOutRows,
  ruleLines,
} from './report-text.ts';

/** A chart drawn on the page, as a PNG data URL. */
export interface ChartPicture {
  readonly title: string;
  readonly png: string;
}

export interface PdfWords {
  readonly t: TFunction;
  readonly language: string;
  readonly vocabularies: Vocabularies;
}

/** Past this many columns the table gets a landscape page and a smaller type. */
const wideTable = 7;

/** The pdfmake document for `report`: pure, so it is tested without a browser. */
export function reportPdfDocument(
  report: Report,
  { t, language, vocabularies }: PdfWords,
  charts: readonly ChartPicture[],
): TDocumentDefinitions {
  const { table, rule, definition } = report;
  const protectedTable = table.protectedTable;
  const wide = table.columnKeys.length + 2 > wideTable;
  const number = (value: number) => new Intl.NumberFormat(language).format(value);
  const heading = (text: string): Content => ({ text, style: 'heading' });

  const header: TableCell[] = [
    { text: '', style: 'th' },
    ...table.columnLabels.map((label) => ({ text: label, style: 'th' })),
    { text: t('reports.result.total'), style: 'th' },
  ];
  const body: TableCell[][] = [
    header,
    ...table.rowLabels.map((label, i) => [
      { text: label, style: 'th' },
      ...(protectedTable.cells[i] ?? []).map((cell) => ({
        text: cellText(t, cell, language),
        alignment: 'right' as const,
      })),
      {
        text: protectedTable.rowTotals[i] ? cellText(t, protectedTable.rowTotals[i], language) : '',
        alignment: 'right' as const,
        bold: true,
      },
    ]),
  ];
  // Rows of different figures: a column's sum adds up to nothing, so none is printed.
  if (table.columnTotalsPublished) {
    body.push([
      { text: t('reports.result.total'), style: 'th' },
      ...protectedTable.columnTotals.map((cell) => ({
        text: cellText(t, cell, language),
        alignment: 'right' as const,
        bold: true,
      })),
      {
        text: cellText(t, protectedTable.grandTotal, language),
        alignment: 'right' as const,
        bold: true,
      },
    ]);
  }

  const content: Content[] = [
    { text: definition.title, style: 'title' },
    {
      text: t('reports.result.madeOn', {
        date: calendarDay(report.builtOn, language),
        cases: number(report.cases),
      }),
    },
    ...definitionLines(t, definition, vocabularies, language).map((text) => ({ text })),
    {
      table: { headerRows: 1, body, widths: ['auto', ...header.slice(1).map(() => '*' as const)] },
      layout: 'lightHorizontalLines',
      fontSize: wide ? 8 : 10,
      margin: [0, 10, 0, 4],
    },
    { text: t('reports.result.hiddenKey', { threshold: rule.threshold }), style: 'note' },
    { text: t('reports.result.sumNote'), style: 'note' },
    ...(table.columnTotalsPublished
      ? []
      : [{ text: t('reports.result.noColumnSum'), style: 'note' } as Content]),
    heading(t('reports.disclosure.heading')),
    { ul: ruleLines(t, rule) },
    heading(t('reports.result.leftOut')),
    {
      table: {
        body: leftOutRows(t, report.leftOut).map(([label, count]) => [
          label,
          { text: number(count), alignment: 'right' },
        ]),
      },
      layout: 'noBorders',
    },
    heading(t('reports.result.warnings')),
    // A PDF is made to be published: the count only, never case ids, record numbers or
    // term ids (the page lists them for the member who corrects the records).
    report.warnings.length === 0
      ? { text: t('reports.result.noWarnings') }
      : { text: t('reports.result.warningsCount', { count: report.warnings.length }) },
    heading(t('reports.result.detention')),
    ...detentionContent(report, t, language),
    heading(t('reports.result.spending')),
    ...spendingContent(report, t, language),
  ];
  if (charts.length > 0) {
    // The charts start a page of their own, so their heading never ends a page alone.
    content.push({ text: t('reports.result.charts'), style: 'heading', pageBreak: 'before' });
    for (const chart of charts) {
      content.push(
        { image: chart.png, fit: wide ? [700, 300] : [480, 240], margin: [0, 6, 0, 2] },
        { text: t('reports.result.chartCaption', { title: chart.title }), style: 'note' },
      );
    }
  }

  return {
    info: { title: definition.title, creator: 'Corridor' },
    pageSize: 'A4',
    pageOrientation: wide ? 'landscape' : 'portrait',
    pageMargins: [40, 40, 40, 40],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
      heading: { fontSize: 12, bold: true, margin: [0, 12, 0, 4] },
      th: { bold: true },
      note: { fontSize: 8, italics: true },
    },
    content,
  };
}

function detentionContent(report: Report, t: TFunction, language: string): Content[] {
  const { detention } = report;
  const number = (value: number | null) =>
    value === null
      ? t('reports.disclosure.hiddenCell')
      : new Intl.NumberFormat(language).format(value);
  const out: Content[] = [];
  if (detention.count === 0 && (detention.open ?? 0) === 0) {
    return [{ text: t('reports.result.detentionNone') }];
  }
  out.push({ text: detentionSummary(report, t, language) });
  if (detention.open !== 0) {
    out.push({ text: t('reports.result.detentionOpen', { open: number(detention.open) }) });
  }
  out.push({
    table: {
      headerRows: 1,
      body: [
        [
          { text: t('reports.result.detentionBucket'), style: 'th' },
          { text: t('reports.result.detentionCount'), style: 'th' },
        ],
        ...detention.buckets.map((bucket, j) => {
          const cell = detention.protectedTable.cells[0]?.[j];
          return [
            bucket.label,
            {
              text: cell ? cellText(t, cell, language) : number(bucket.count),
              alignment: 'right' as const,
            },
          ];
        }),
      ],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 4, 0, 0],
  });
  return out;
}

function spendingContent(report: Report, t: TFunction, language: string): Content[] {
  if (report.spending.length === 0) return [{ text: t('reports.result.spendingNone') }];
  return report.spending.flatMap((spending): Content[] => {
    const money = (minor: number) => formatMoney(minor, spending.currency, language);
    const lines = (
      caption: string,
      header: string,
      rows: readonly { label: string; spentMinor: number }[],
    ): Content[] => [
      { text: caption, bold: true, margin: [0, 6, 0, 2] },
      {
        table: {
          headerRows: 1,
          body: [
            [
              { text: header, style: 'th' },
              { text: t('reports.result.spent'), style: 'th' },
            ],
            ...rows.map((row) => [
              row.label,
              { text: money(row.spentMinor), alignment: 'right' as const },
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
    ];
    return [
      ...lines(
        t('reports.result.spendingByCategory', { currency: spending.currency }),
        t('reports.result.category'),
        spending.byCategory,
      ),
      { text: t('reports.result.spendingAllTime'), style: 'note' },
      ...lines(
        t('reports.result.spendingByPeriod', { currency: spending.currency }),
        t('reports.result.periodColumn'),
        spending.byPeriod,
      ),
    ];
  });
}

/**
 * Renders the report to PDF bytes in the browser. pdfmake and its fonts (about 3 MB) are
 * fetched here, on the first export, not with the page.
 */
export async function reportPdf(
  report: Report,
  words: PdfWords,
  charts: readonly ChartPicture[],
): Promise<Blob> {
  const [pdfmakeModule, fontsModule] = await Promise.all([
    import('pdfmake/build/pdfmake'),
    import('pdfmake/build/vfs_fonts'),
  ]);
  // Both are CommonJS bundles: the bundler hands their exports over as `default`.
  const pdfMake = pdfmakeModule.default;
  pdfMake.addVirtualFileSystem(fontsModule.default);
  return pdfMake.createPdf(reportPdfDocument(report, words, charts)).getBlob();
}
