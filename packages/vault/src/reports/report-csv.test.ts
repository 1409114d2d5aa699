import { defaultVocabularies } from '@corridor/protocol';
import { describe, expect, it } from 'vitest';
import { buildReport } from './build-report.ts';
import { csvCell, csvLine, reportCsv } from './report-csv.ts';
import { ReportDefinitionSchema, seedsReportDefinition } from './report-definition.ts';
import { russianPlural } from './report-statements.ts';
import { consent, digest, testimony, threeCases } from './report-test-digests.ts';

const options = { today: '2026-11-26', locale: 'en' } as const;

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks, doubling quotes (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Argun, Chechnya')).toBe('"Argun, Chechnya"');
    expect(csvCell('the "secret" prison')).toBe('"the ""secret"" prison"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvCell(42)).toBe('42');
    expect(csvLine(['a,b', 3, ''])).toBe('"a,b",3,');
  });

  it('keeps spreadsheet formulas from running', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+7 912')).toBe("'+7 912");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('reportCsv', () => {
  it('writes the table with hidden figures marked, then the rule and what was left out', () => {
    const report = buildReport(
      { ...seedsReportDefinition, title: '=cmd|"/c calc"!A1, 2017' },
      [
        ...threeCases(),
        digest('D', {
          testimonies: [testimony('t1', consent(['internal_only']))],
          events: threeCases()[0]?.events ?? [],
        }),
      ],
      defaultVocabularies,
      options,
    );
    const csv = reportCsv(report, 'en', defaultVocabularies);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/\n/);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('"\'=cmd|""/c calc""!A1, 2017",2017,2018,Sum of cells');
    expect(lines[1]).toBe('Persons evacuated,hidden,hidden,hidden');
    expect(lines[2]).toBe('Persons who fled abroad,hidden,0,hidden');
    // Rows are different measures: no line of column sums, and the table says why.
    expect(lines[6]).toBe(
      '"Sums are sums of the cells: a person (or act) may be counted in more than one cell, so a sum can be more than the number of people."',
    );
    expect(lines[7]).toBe('Columns are not added up: the rows are different figures.');
    expect(lines.some((line) => line.startsWith('Sum of cells,'))).toBe(true); // detention only
    expect(lines.filter((line) => line.startsWith('Sum of cells,'))).toHaveLength(1);
    expect(lines).toContain('"Counts below 5 are hidden, and so are totals below 5."');
    expect(lines).toContain('Zeros are shown.');
    expect(lines).toContain('Figures are not rounded.');
    expect(lines).toContain(
      '"Left out for lack of consent to ""Anonymised statistics"": events — 1, acts — 2, persons not counted in another act — 2."',
    );
    // The detention table is protected and written too.
    expect(lines).toContain(
      'Length of detention,1 day,2–3 days,4–7 days,8–21 days,Over 21 days,Still held or end unknown,Sum of cells',
    );
    expect(lines.some((line) => line.startsWith('Detentions,0,hidden,0,0,hidden,hidden,'))).toBe(
      true,
    );
  });

  it('writes Russian with the Russian marker and statement', () => {
    const report = buildReport(
      ReportDefinitionSchema.parse({ ...seedsReportDefinition, rounding: 'base5' }),
      threeCases(),
      defaultVocabularies,
      { ...options, locale: 'ru' },
    );
    const lines = reportCsv(report, 'ru', defaultVocabularies).split('\r\n');
    expect(lines[1]).toBe('Эвакуировано человек,скрыто,скрыто,скрыто');
    expect(lines).toContain('"Числа меньше 5 скрыты, как и итоги меньше 5."');
    expect(lines.some((line) => line.startsWith('"Числа и итоги округлены'))).toBe(true);
    const hidden = report.rule.primaryCount + report.rule.secondaryCount;
    expect(lines).toContain(`В таблице скрыто ${hidden} чисел.`);
  });

  it('writes spending per currency in major units', () => {
    const money = (key: string, currency: string, spentMinor: number) => ({
      key,
      currency,
      spentMinor,
      pendingMinor: 0,
      flaggedMinor: 0,
      count: 1,
    });
    const report = buildReport(
      seedsReportDefinition,
      [
        digest('S', {
          spending: {
            byCategory: [money('travel', 'EUR', 12_345), money('visa', 'JPY', 5_000)],
            byMonth: [money('2017-04', 'EUR', 12_345)],
          },
        }),
      ],
      defaultVocabularies,
      options,
    );
    const lines = reportCsv(report, 'en').split('\r\n');
    // All-time categories and in-range periods under their own headings, with the note.
    const eur = lines.indexOf('"Spending by category, all time (EUR)"');
    expect(eur).toBeGreaterThan(0);
    expect(lines[eur + 1]).toMatch(/^"?Categories are totals over all time/);
    expect(lines[eur + 2]).toBe('Travel,123.45');
    const eurPeriods = lines.indexOf('Spending by period (EUR)');
    expect(eurPeriods).toBeGreaterThan(eur);
    expect(lines[eurPeriods + 1]).toBe('2017,123.45');
    expect(lines).toContain('"Spending by category, all time (JPY)"');
    expect(lines).toContain('Visa,5000');
  });

  it('picks Russian plural forms', () => {
    expect([1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map(russianPlural)).toEqual([
      'one',
      'few',
      'few',
      'many',
      'many',
      'many',
      'many',
      'one',
      'few',
      'many',
      'one',
      'many',
    ]);
  });
});
