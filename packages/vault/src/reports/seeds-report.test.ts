// The table the seeds published — 119 evacuated, 49 detained, 37 tortured, at least 6
// killed — rebuilt from hand-made digests with `seedsReportDefinition`: the report gives
// back exactly the figures the digests were made to hold, in that shape.
import { defaultVocabularies } from '@corridor/protocol';
import { describe, expect, it } from 'vitest';
import type { DocumentationDigest } from '../documentation/documentation-digest-types.ts';
import { buildReport } from './build-report.ts';
import { reportCsv } from './report-csv.ts';
import { seedsReportDefinition } from './report-definition.ts';
import { act, digest, event, subject, victim } from './report-test-digests.ts';

/** Per year: evacuated, fled (of the evacuated), detained, tortured (of the detained), killed. */
const published = {
  2017: { evacuated: 90, fled: 60, detained: 40, tortured: 30, killed: 6 },
  2018: { evacuated: 29, fled: 20, detained: 9, tortured: 7, killed: 0 },
} as const;

function seedsDigests(): DocumentationDigest[] {
  const digests: DocumentationDigest[] = [];
  for (const [year, figures] of Object.entries(published)) {
    for (let i = 0; i < figures.evacuated; i++) {
      const id = `${year}-${i}`;
      const detained = i < figures.detained;
      const tortured = i < figures.tortured;
      const acts = [
        ...(detained
          ? [act(`d${id}`, 'secret_detention', `${year}-03-01`, `${year}-03-0${1 + (i % 9)}`)]
          : []),
        ...(tortured ? [act(`t${id}`, 'torture', `${year}-03-02`)] : []),
      ];
      digests.push(
        digest(`case-${id}`, {
          outcomes: {
            evacuatedOn: `${year}-05-01`,
            relocatedOn: `${year}-08-01`,
            relocatedTo: i < figures.fled ? 'DE' : 'RU',
          },
          events:
            acts.length === 0
              ? []
              : [
                  event(`e${id}`, {
                    place: 'argun_detention_site',
                    acts,
                    persons: [subject()],
                    involvements: acts.map((a) => victim('subject', a.id)),
                  }),
                ],
        }),
      );
    }
    // Those killed were not evacuated: relatives or fellow detainees, documented in
    // the cases of others.
    for (let i = 0; i < figures.killed; i++) {
      digests.push(
        digest(`killed-${year}-${i}`, {
          stage: 'closed',
          closedReason: 'deceased',
          events: [
            event(`k${year}${i}`, {
              acts: [act(`k${year}${i}`, 'death_in_custody', `${year}-04-0${1 + i}`)],
              persons: [subject()],
              involvements: [victim('subject', `k${year}${i}`)],
            }),
          ],
        }),
      );
    }
  }
  return digests;
}

describe('the seeds report', () => {
  it('rebuilds evacuated, fled, detained, tortured and killed by year, with row sums and no column sums', () => {
    const report = buildReport(seedsReportDefinition, seedsDigests(), defaultVocabularies, {
      today: '2026-11-26',
      locale: 'en',
    });
    const table = report.table.protectedTable;
    expect(report.table.rowLabels).toEqual([
      'Persons evacuated',
      'Persons who fled abroad',
      'Persons detained',
      'Persons tortured or ill-treated',
      'Persons killed',
    ]);
    expect(report.table.columnLabels).toEqual(['2017', '2018']);
    expect(table.cells.map((line) => line.map((cell) => cell.value))).toEqual([
      [90, 29],
      [60, 20],
      [40, 9],
      [30, 7],
      [6, 0],
    ]);
    expect(table.rowTotals.map((cell) => cell.value)).toEqual([119, 80, 49, 37, 6]);
    expect(report.rule).toMatchObject({ threshold: 5, primaryCount: 0, secondaryCount: 0 });
    expect(report.warnings).toEqual([]);
    // Held 1 to 9 days each: none over three weeks.
    expect(report.detention.buckets.find((b) => b.key === 'over_21')?.count).toBe(0);
    expect(report.detention.count).toBe(49);

    // The rows are different measures: their column sums (226, 65) and grand total (291)
    // would add evacuated to killed, and people across measures: not published.
    expect(report.table.columnTotalsPublished).toBe(false);
    expect(table.columnTotals.every((cell) => cell.value === null)).toBe(true);
    expect(table.grandTotal.value).toBe(null);
    const csv = reportCsv(report, 'en', defaultVocabularies);
    expect(csv).not.toContain('291');
    expect(csv.split('\r\n').slice(0, 8)).toEqual([
      'Persons evacuated, fled and persecuted, by year,2017,2018,Sum of cells'.replace(
        'Persons evacuated, fled and persecuted, by year',
        '"Persons evacuated, fled and persecuted, by year"',
      ),
      'Persons evacuated,90,29,119',
      'Persons who fled abroad,60,20,80',
      'Persons detained,40,9,49',
      'Persons tortured or ill-treated,30,7,37',
      'Persons killed,6,0,6',
      '"Sums are sums of the cells: a person (or act) may be counted in more than one cell, so a sum can be more than the number of people."',
      'Columns are not added up: the rows are different figures.',
    ]);
  });
});
