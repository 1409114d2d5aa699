// The report builder against digests counted by hand (report-test-digests.ts describes
// the three cases). Threshold 1 shows the raw counts; the suppression tests use 5.
import { defaultVocabularies, mergeVocabulary } from '@corridor/protocol';
import { describe, expect, it } from 'vitest';
import type { Vocabularies } from '../documentation/vocabularies.ts';
import { buildReport, ReportError } from './build-report.ts';
import { protectTable } from './disclosure-control.ts';
import {
  type ReportDefinition,
  type ReportDefinitionInput,
  ReportDefinitionSchema,
  seedsReportDefinition,
} from './report-definition.ts';
import {
  act,
  consent,
  digest,
  event,
  other,
  subject,
  testimony,
  threeCases,
  victim,
} from './report-test-digests.ts';
import type { Report } from './report-types.ts';

const vocabularies: Vocabularies = defaultVocabularies;
const options = { today: '2026-11-26', locale: 'en' } as const;

function definition(fields: Partial<ReportDefinitionInput> = {}): ReportDefinition {
  return ReportDefinitionSchema.parse({
    title: 'Test',
    measures: ['acts'],
    from: '2017-01-01',
    to: '2018-12-31',
    threshold: 1,
    ...fields,
  });
}

/** The table's figures as published, row by row, with row totals last. */
function figures(report: Report): (number | null)[][] {
  const table = report.table.protectedTable;
  return table.cells.map((line, i) => [
    ...line.map((cell) => cell.value),
    table.rowTotals[i]?.value ?? null,
  ]);
}

describe('buildReport measures', () => {
  it('counts evacuated, fled, detained, tortured and killed persons by year', () => {
    const report = buildReport(
      { ...seedsReportDefinition, threshold: 1 },
      threeCases(),
      vocabularies,
      options,
    );
    expect(report.table.rowKeys).toEqual([
      'persons_evacuated',
      'persons_fled',
      'persons_detained',
      'persons_tortured',
      'persons_killed',
    ]);
    expect(report.table.columnKeys).toEqual(['2017', '2018']);
    expect(report.table.rowLabels[1]).toBe('Persons who fled abroad');
    expect(figures(report)).toEqual([
      [1, 1, 2], // A evacuated 2017, B 2018
      [1, 0, 1], // A to Germany; B stayed in Russia
      [3, 1, 4], // A, detainee B, B's person in 2017; B's person again in 2018
      [2, 0, 2], // torture (A) and ill-treatment (B)
      [0, 1, 1], // honour killing descends from killing
    ]);
    // Rows of different measures: no column sums, no grand total (they add up to nothing).
    expect(report.table.columnTotalsPublished).toBe(false);
    expect(report.table.protectedTable.grandTotal).toEqual({ value: null, suppressed: null });
    expect(report.table.protectedTable.columnTotals.map((c) => c.value)).toEqual([null, null]);
    expect(report.warnings).toEqual([]);
    expect(report.leftOut).toEqual({
      consent: { events: 0, acts: 0, persons: 0 },
      unverified: 0,
      unreadableCases: 0,
    });
    expect(report.cases).toBe(3);
  });

  it('counts a person once per cell however many acts they suffered there', () => {
    const report = buildReport(
      definition({ measures: ['victims', 'persons_detained'], columns: 'none' }),
      [
        digest('X', {
          events: [
            event('e1', {
              acts: [
                act('x1', 'abduction', '2017-04-01'),
                act('x2', 'secret_detention', '2017-04-02'),
              ],
              persons: [subject('s1')],
              involvements: [victim('s1', 'x1'), victim('s1', 'x2')],
            }),
            // The case's person is one person in every event of the case.
            event('e2', {
              acts: [act('x3', 'arbitrary_detention', '2017-05-01')],
              persons: [subject('s9')],
              involvements: [victim('s9', 'x3')],
            }),
          ],
        }),
      ],
      vocabularies,
      options,
    );
    expect(figures(report)).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('counts acts and victims by year', () => {
    const report = buildReport(
      definition({ measures: ['acts', 'victims'] }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(figures(report)).toEqual([
      [4, 3, 7],
      [3, 3, 6], // 2017: A, detainee B, B's person; 2018: B's person, K, C's person
    ]);
  });

  it('counts acts by type in vocabulary order', () => {
    const report = buildReport(
      definition({ rows: 'act_type', columns: 'none' }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(report.table.rowKeys).toEqual([
      'abduction',
      'arbitrary_detention',
      'secret_detention',
      'torture',
      'ill_treatment',
      'honour_killing',
      'threats',
    ]);
    expect(report.table.rowLabels[2]).toBe('Detention in a secret place');
    expect(figures(report).map((line) => line[0])).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('rolls places up the tree: a secret prison in Argun counts toward Argun and Chechnya', () => {
    const byRepublic = buildReport(
      definition({ rows: 'place', columns: 'none', placeDepth: 2 }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(byRepublic.table.rowKeys).toEqual(['chechnya', 'moscow', 'none']);
    expect(byRepublic.table.rowLabels).toEqual(['Chechen Republic', 'Moscow', 'Not recorded']);
    expect(figures(byRepublic).map((line) => line[0])).toEqual([4, 1, 2]);

    const byTown = buildReport(
      definition({ rows: 'place', columns: 'none', placeDepth: 3 }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(byTown.table.rowKeys).toEqual(['grozny', 'argun', 'moscow', 'none']);
    expect(figures(byTown).map((line) => line[0])).toEqual([2, 2, 1, 2]);

    const bySite = buildReport(
      definition({ rows: 'place', columns: 'none', placeDepth: 4 }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(bySite.table.rowKeys).toEqual(['grozny', 'argun_detention_site', 'moscow', 'none']);
  });

  it('uses the detention place of an act before the place of its event', () => {
    const report = buildReport(
      definition({ rows: 'place', columns: 'none', placeDepth: 3 }),
      [
        digest('X', {
          events: [
            event('e1', {
              place: 'grozny',
              acts: [
                act('x1', 'secret_detention', '2017-04-01', '2017-04-05', {
                  detentionPlace: 'tsotsi_yurt_detention_site',
                }),
              ],
              persons: [subject()],
              involvements: [victim('subject', 'x1')],
            }),
          ],
        }),
      ],
      vocabularies,
      options,
    );
    expect(report.table.rowKeys).toEqual(['tsotsi_yurt']);
  });

  it('counts persons by place and period', () => {
    const report = buildReport(
      definition({ measures: ['persons_detained'], rows: 'place', columns: 'period' }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(report.table.rowKeys).toEqual(['chechnya', 'moscow']);
    expect(figures(report)).toEqual([
      [3, 0, 3],
      [0, 1, 1],
    ]);
  });

  it('counts acts by perpetrator type', () => {
    const report = buildReport(
      definition({ rows: 'perpetrator_type', columns: 'none' }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(report.table.rowKeys).toEqual(['police', 'family', 'none']);
    expect(figures(report).map((line) => line[0])).toEqual([1, 2, 4]);
  });

  it('counts victims by the outcome of their case', () => {
    const report = buildReport(
      definition({ measures: ['victims'], rows: 'outcome', columns: 'none' }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(report.table.rowKeys).toEqual([
      'fled_abroad',
      'relocated_in_russia',
      'evacuated',
      'closed_otherwise',
      'in_progress',
    ]);
    expect(figures(report).map((line) => line[0])).toEqual([2, 1, 0, 0, 2]);
  });

  it('puts periods in quarter and month columns, with empty periods as zeros', () => {
    const byQuarter = buildReport(
      definition({ period: 'quarter', from: '2017-04-01', to: '2017-12-31' }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(byQuarter.table.columnKeys).toEqual(['2017-Q2', '2017-Q3', '2017-Q4']);
    expect(byQuarter.table.columnLabels).toEqual(['Q2 2017', 'Q3 2017', 'Q4 2017']);
    expect(figures(byQuarter)).toEqual([[4, 0, 0, 4]]);

    const byMonth = buildReport(
      definition({ period: 'month', from: '2017-04-01', to: '2017-06-30' }),
      threeCases(),
      vocabularies,
      { ...options, locale: 'ru' },
    );
    expect(byMonth.table.columnKeys).toEqual(['2017-04', '2017-05', '2017-06']);
    expect(byMonth.table.columnLabels).toEqual(['Апрель 2017', 'Май 2017', 'Июнь 2017']);
    expect(byMonth.table.rowLabels).toEqual(['Нарушения']);
    expect(figures(byMonth)).toEqual([[2, 0, 2, 4]]);
  });

  it('counts only what falls between from and to', () => {
    const report = buildReport(
      definition({ ...seedsReportDefinition, threshold: 1, from: '2017-04-02', to: '2017-12-31' }),
      threeCases(),
      vocabularies,
      options,
    );
    // a1 began on 1 April: out; a2 (2 April) and B's acts are in.
    expect(figures(report)).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
      [2, 2],
      [0, 0],
    ]);
  });
});

describe('buildReport consent', () => {
  const withoutConsent = () => [
    digest('D', {
      outcomes: { evacuatedOn: '2017-07-01' },
      testimonies: [testimony('t1', consent(['internal_only'])), testimony('t2', null)],
      events: [
        event('eD1', {
          sources: ['t1', 't2'],
          acts: [act('d1', 'abduction', '2017-07-01'), act('d2', 'torture', '2017-07-02')],
          persons: [subject(), other('M')],
          involvements: [victim('subject', 'd1'), victim('M', 'd2')],
        }),
        event('eD2', {
          sources: [],
          acts: [act('d3', 'threats', '2017-08-01')],
          persons: [subject()],
          involvements: [victim('subject', 'd3')],
        }),
      ],
    }),
  ];

  it('leaves out events no source testimony consents to, and counts them', () => {
    const report = buildReport(
      definition({ ...seedsReportDefinition, threshold: 1 }),
      withoutConsent(),
      vocabularies,
      options,
    );
    // The evacuation is the organisation's own record: counted without consent.
    expect(figures(report).map((line) => line[2])).toEqual([1, 0, 0, 0, 0]);
    expect(report.leftOut.consent).toEqual({ events: 2, acts: 3, persons: 2 });
  });

  it('counts an event when one of its sources consents to the use', () => {
    const digests = withoutConsent();
    const mixed = digest('D', {
      ...digests[0],
      testimonies: [
        testimony('t1', consent(['internal_only'])),
        testimony('t2', consent(['anonymised_statistics'])),
      ],
    });
    const report = buildReport(definition(), [mixed], vocabularies, options);
    expect(figures(report)).toEqual([[2, 0, 2]]);
    // The person in the act left out (eD2) is counted from eD1: no one is left out.
    expect(report.leftOut.consent).toEqual({ events: 1, acts: 1, persons: 0 });
  });

  it('leaves out what expired consent covered, from the day after it expired', () => {
    const expiring = digest('E', {
      testimonies: [testimony('t1', consent(['anonymised_statistics'], '2025-12-31'))],
      events: [
        event('eE', {
          acts: [act('e1', 'abduction', '2017-07-01')],
          persons: [subject()],
          involvements: [victim('subject', 'e1')],
        }),
      ],
    });
    const onTheDay = buildReport(definition(), [expiring], vocabularies, {
      ...options,
      today: '2025-12-31',
    });
    expect(onTheDay.table.protectedTable.grandTotal.value).toBe(1);
    const after = buildReport(definition(), [expiring], vocabularies, options);
    expect(after.table.protectedTable.grandTotal.value).toBe(0);
    expect(after.leftOut.consent.events).toBe(1);
  });

  it('allows a named body only when the consent names it', () => {
    const report = buildReport(definition({ use: 'osce' }), threeCases(), vocabularies, options);
    expect(report.table.protectedTable.grandTotal.value).toBe(0);
    // Victims only: A's person and detainee B, B's person, C's person and K.
    expect(report.leftOut.consent).toEqual({ events: 4, acts: 7, persons: 5 });
    const un = buildReport(
      definition({ use: 'united_nations' }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(un.table.protectedTable.grandTotal.value).toBe(7);
  });

  it('allows internal use of any testimony, but not of an event without sources', () => {
    const report = buildReport(
      definition({ use: 'internal_only' }),
      withoutConsent(),
      vocabularies,
      options,
    );
    expect(report.table.protectedTable.grandTotal.value).toBe(2);
    expect(report.leftOut.consent).toEqual({ events: 1, acts: 1, persons: 0 });
  });

  it('refuses a use that is no consent term', () => {
    expect(() =>
      buildReport(definition({ use: 'torture' }), threeCases(), vocabularies, options),
    ).toThrow(ReportError);
  });

  it('counts cases whose testimonies cannot be read, and still counts their outcomes', () => {
    const [a] = threeCases();
    if (a === undefined) throw new Error('fixture');
    const report = buildReport(
      definition({ ...seedsReportDefinition, threshold: 1 }),
      [{ ...a, readsTestimony: false, events: [], testimonies: [] }],
      vocabularies,
      options,
    );
    expect(report.leftOut.unreadableCases).toBe(1);
    expect(figures(report).map((line) => line[2])).toEqual([1, 1, 0, 0, 0]);
  });
});

describe('buildReport verifiedOnly', () => {
  it('keeps only verified acts and counts the rest left out', () => {
    const cases = threeCases();
    const corroborated = digest('V', {
      events: [
        event('eV', {
          acts: [
            act('v1', 'abduction', '2017-04-01', '2017-04-01', {
              verification: { status: 'corroborated', date: '2017-05-01' },
            }),
            act('v2', 'torture', '2017-04-01', '2017-04-01', {
              verification: { status: 'unverified', date: '2017-05-01' },
            }),
          ],
          persons: [subject()],
          involvements: [victim('subject', 'v1'), victim('subject', 'v2')],
        }),
      ],
    });
    const all = buildReport(definition(), [...cases, corroborated], vocabularies, options);
    expect(all.table.protectedTable.grandTotal.value).toBe(9);
    const verified = buildReport(
      definition({ verifiedOnly: true }),
      [...cases, corroborated],
      vocabularies,
      options,
    );
    expect(verified.table.protectedTable.grandTotal.value).toBe(7);
    expect(verified.leftOut.unverified).toBe(2);
  });
});

describe('buildReport warnings', () => {
  it('warns of what cannot be counted honestly and never counts it', () => {
    const broken = digest('W', {
      problems: [{ seq: 12, kind: 'testimony', code: 'unreadable' }],
      events: [
        event('eW1', {
          acts: [
            act('w1', 'beating', '2017-04-01'), // a method, not an act type
            act('w2', 'abduction', '2017-04-05', '2017-04-02'),
            act('w3', 'torture', '2017-04-01'),
            act('w4', 'abduction', '2017-04-01', '2017-04-02', { methods: ['waterboarding'] }),
            act('w5', 'abduction', '2017-04-01'),
            act('w6', 'abduction', '2017-04-01'),
            act('w7', 'threats', '2017-04-01'),
          ],
          persons: [subject()],
          involvements: [
            victim('subject', 'w1'),
            victim('subject', 'w2'),
            // w3 has no victim
            victim('subject', 'w4'),
            victim('nobody', 'w5'),
            { personId: 'subject', actId: 'w6', role: 'bystander', perpetratorType: null },
            victim('subject', 'w6'),
            victim('subject', 'w7'),
            victim('subject', 'missing-act'),
          ],
        }),
        event('eW2', {
          place: 'atlantis',
          acts: [act('w8', 'abduction', '2017-04-01')],
          persons: [subject()],
          involvements: [victim('subject', 'w8')],
        }),
        event('eW3', {
          startDate: '2017-05-02',
          endDate: '2017-05-01',
          acts: [act('w9', 'abduction', '2017-05-01')],
          persons: [subject()],
          involvements: [victim('subject', 'w9')],
        }),
      ],
    });
    const report = buildReport(definition(), [broken], vocabularies, options);
    const brief = report.warnings.map((w) => [w.code, w.seq, w.eventId, w.actId, w.termId]);
    expect(brief).toEqual([
      ['unreadable', 12, null, null, null],
      ['act_unknown', null, 'eW1', 'missing-act', null],
      ['unknown_term', null, 'eW1', 'w1', 'beating'],
      ['dates_out_of_order', null, 'eW1', 'w2', null],
      ['act_without_victim', null, 'eW1', 'w3', null],
      ['unknown_term', null, 'eW1', 'w4', 'waterboarding'],
      ['person_unknown', null, 'eW1', 'w5', null],
      ['unknown_term', null, 'eW1', 'w6', 'bystander'],
      ['unknown_term', null, 'eW2', null, 'atlantis'],
      ['dates_out_of_order', null, 'eW3', null, null],
    ]);
    expect(report.warnings.every((w) => w.caseId === 'W')).toBe(true);
    // Only w7 is counted.
    expect(report.table.protectedTable.grandTotal.value).toBe(1);
  });

  it('counts acts coded with a term retired since (decision 0047)', () => {
    const merged = mergeVocabulary(defaultVocabularies.act_types, [
      { op: 'retire', id: 'secret_detention' },
    ]);
    if (!merged.ok) throw new Error('merge');
    const report = buildReport(
      definition({ measures: ['persons_detained'] }),
      threeCases(),
      { ...vocabularies, act_types: merged.vocabulary },
      options,
    );
    expect(report.warnings).toEqual([]);
    expect(figures(report)).toEqual([[3, 1, 4]]);
  });

  it('counts acts of a narrower term the organisation added', () => {
    const merged = mergeVocabulary(defaultVocabularies.act_types, [
      {
        op: 'add',
        id: 'filtration_camp',
        parent: 'secret_detention',
        labels: { en: 'Filtration camp', ru: 'Фильтрационный лагерь' },
      },
    ]);
    if (!merged.ok) throw new Error('merge');
    const report = buildReport(
      definition({ measures: ['persons_detained'], columns: 'none' }),
      [
        digest('F', {
          events: [
            event('eF', {
              acts: [act('f1', 'filtration_camp', '2017-04-01')],
              persons: [subject()],
              involvements: [victim('subject', 'f1')],
            }),
          ],
        }),
      ],
      { ...vocabularies, act_types: merged.vocabulary },
      options,
    );
    expect(figures(report)).toEqual([[1, 1]]);
  });

  it('warns of an outcome date that is no date and of a relocation without destination', () => {
    const report = buildReport(
      definition({ ...seedsReportDefinition, threshold: 1 }),
      [
        digest('O', { outcomes: { evacuatedOn: '2017-02-30' } }),
        digest('P', { outcomes: { relocatedOn: '2017-03-01', relocatedTo: null } }),
      ],
      vocabularies,
      options,
    );
    expect(report.warnings.map((w) => [w.caseId, w.code])).toEqual([
      ['O', 'date_invalid'],
      ['P', 'destination_unknown'],
    ]);
    expect(figures(report).map((line) => line.at(-1))).toEqual([0, 0, 0, 0, 0]);
  });
  it('counts as fled abroad a case closed as relocated whose destination the member cannot read', () => {
    const report = buildReport(
      definition({ ...seedsReportDefinition, threshold: 1 }),
      [
        digest('Q', {
          stage: 'closed',
          closedReason: 'relocated',
          outcomes: { relocatedOn: '2017-03-01', relocatedTo: null },
        }),
        digest('R', {
          stage: 'closed',
          closedReason: 'settled_in_country',
          outcomes: { relocatedOn: '2017-03-01', relocatedTo: null },
        }),
      ],
      vocabularies,
      options,
    );
    expect(report.warnings.map((w) => [w.caseId, w.code])).toEqual([['R', 'destination_unknown']]);
    expect(figures(report).map((line) => line.at(-1))).toEqual([0, 1, 0, 0, 0]);
  });
});

describe('buildReport detention lengths', () => {
  it('gives lengths in days, first and last day included, and counts open detentions apart', () => {
    const report = buildReport(
      definition({ measures: ['persons_detained'] }),
      threeCases(),
      vocabularies,
      options,
    );
    // a1: 3 days for the person and for detainee B; b1: 31 days; b3 has not ended.
    expect(report.detention).toMatchObject({
      count: 3,
      open: 1,
      minDays: 3,
      medianDays: 3,
      maxDays: 31,
    });
    expect(report.detention.buckets.map((b) => [b.key, b.count])).toEqual([
      ['1', 0],
      ['2-3', 2],
      ['4-7', 0],
      ['8-21', 0],
      ['over_21', 1],
      ['open', 1],
    ]);
    expect(report.charts.find((chart) => chart.id === 'detention')?.values).toEqual([
      0, 2, 0, 0, 1, 1,
    ]);
  });

  it('puts each length in its bucket at the edges', () => {
    const lengths: [string, string][] = [
      ['2017-04-01', '2017-04-01'], // 1
      ['2017-04-01', '2017-04-02'], // 2
      ['2017-04-01', '2017-04-03'], // 3
      ['2017-04-01', '2017-04-04'], // 4
      ['2017-04-01', '2017-04-07'], // 7
      ['2017-04-01', '2017-04-08'], // 8
      ['2017-04-01', '2017-04-21'], // 21
      ['2017-04-01', '2017-04-22'], // 22
      ['2017-12-31', '2018-01-01'], // 2, over the new year
    ];
    const report = buildReport(
      definition({ measures: ['persons_detained'] }),
      [
        digest('L', {
          events: [
            event('eL', {
              acts: lengths.map(([start, end], i) => act(`l${i}`, 'abduction', start, end)),
              persons: [subject()],
              involvements: lengths.map((_, i) => victim('subject', `l${i}`)),
            }),
          ],
        }),
      ],
      vocabularies,
      options,
    );
    expect(report.detention.buckets.map((b) => b.count)).toEqual([1, 3, 2, 2, 1, 0]);
    expect(report.detention).toMatchObject({ count: 9, minDays: 1, medianDays: 4, maxDays: 22 });
  });

  it('protects the buckets and gives no figures from fewer lengths than the threshold', () => {
    const report = buildReport(
      definition({ measures: ['persons_detained'], threshold: 5 }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(report.detention.buckets.map((b) => b.count)).toEqual([0, null, 0, 0, null, null]);
    expect(report.detention).toMatchObject({
      count: null,
      open: null,
      minDays: null,
      medianDays: null,
      maxDays: null,
    });
    expect(report.detention.protectedTable.grandTotal.value).toBe(null);
  });
});

describe('buildReport disclosure control', () => {
  it('protects the table with protectTable at the definition threshold and rounding', () => {
    const report = buildReport(seedsReportDefinition, threeCases(), vocabularies, options);
    const expected = protectTable(
      {
        rows: report.table.rowKeys,
        columns: report.table.columnKeys,
        counts: [
          [1, 1],
          [1, 0],
          [3, 1],
          [2, 0],
          [0, 1],
        ],
      },
      { threshold: 5 },
    );
    // Protected with its totals; the column totals and grand total are then withheld
    // (rows of different measures), and the rule counts only figures still printed.
    const published = report.table.protectedTable;
    expect(published.cells).toEqual(expected.cells);
    expect(published.rowTotals).toEqual(expected.rowTotals);
    expect(published.columnTotals).toEqual([
      { value: null, suppressed: null },
      { value: null, suppressed: null },
    ]);
    const printed = [...expected.cells.flat(), ...expected.rowTotals];
    expect(report.rule).toEqual({
      ...expected.rule,
      primaryCount: printed.filter((c) => c.suppressed === 'primary').length,
      secondaryCount: printed.filter((c) => c.suppressed === 'secondary').length,
    });
    expect(report.rule.threshold).toBe(5);
    // Every non-zero count is below 5: all hidden, zeros shown.
    expect(figures(report).map((line) => line.slice(0, 2))).toEqual([
      [null, null],
      [null, 0],
      [null, null],
      [null, 0],
      [0, null],
    ]);
    const chart = report.charts.find((c) => c.id === 'row:persons_fled');
    expect(chart?.values).toEqual([null, 0]);
  });

  it('rounds to base 5 when asked', () => {
    const many = Array.from({ length: 7 }, (_, i) =>
      digest(`M${i}`, { outcomes: { evacuatedOn: '2017-06-01' } }),
    );
    const report = buildReport(
      definition({
        measures: ['persons_evacuated'],
        columns: 'none',
        threshold: 5,
        rounding: 'base5',
      }),
      many,
      vocabularies,
      options,
    );
    expect(figures(report)).toEqual([[5, 5]]);
    expect(report.rule.rounding).toBe('base5');
  });
});

describe('buildReport spending', () => {
  it('adds spending per currency by category and by period, never converting', () => {
    const money = (key: string, currency: string, spentMinor: number) => ({
      key,
      currency,
      spentMinor,
      pendingMinor: 0,
      flaggedMinor: 0,
      count: 1,
    });
    const report = buildReport(
      definition({ period: 'quarter', from: '2017-01-01', to: '2017-12-31' }),
      [
        digest('S1', {
          spending: {
            byCategory: [money('travel', 'EUR', 10_000), money('visa', 'EUR', 8_000)],
            byMonth: [money('2017-04', 'EUR', 12_000), money('2017-05', 'EUR', 6_000)],
          },
        }),
        digest('S2', {
          spending: {
            byCategory: [money('travel', 'EUR', 500), money('housing', 'RUB', 300_000)],
            byMonth: [money('2017-11', 'EUR', 500), money('2018-01', 'RUB', 300_000)],
          },
        }),
      ],
      vocabularies,
      options,
    );
    expect(report.spending).toEqual([
      {
        currency: 'EUR',
        byCategory: [
          { key: 'travel', label: 'Travel', spentMinor: 10_500 },
          { key: 'visa', label: 'Visa', spentMinor: 8_000 },
        ],
        byPeriod: [
          { key: '2017-Q2', label: 'Q2 2017', spentMinor: 18_000 },
          { key: '2017-Q4', label: 'Q4 2017', spentMinor: 500 },
        ],
      },
      {
        currency: 'RUB',
        byCategory: [{ key: 'housing', label: 'Housing', spentMinor: 300_000 }],
        byPeriod: [],
      },
    ]);
  });
});

describe('buildReport review fixes', () => {
  /** Detentions of the given ends (all from 1 April 2017), each in its own case. */
  const detentions = (ends: string[]) =>
    ends.map((end, i) =>
      digest(`c${i}`, {
        events: [
          event(`e${i}`, {
            acts: [act(`a${i}`, 'arbitrary_detention', '2017-04-01', end)],
            persons: [subject()],
            involvements: [victim('subject', `a${i}`)],
          }),
        ],
      }),
    );
  const detentionOf = (ends: string[]) =>
    buildReport(
      definition({
        measures: ['persons_detained'],
        rows: 'measure',
        columns: 'none',
        threshold: 5,
      }),
      detentions(ends),
      vocabularies,
      options,
    ).detention;
  const times = (n: number, end: string) => Array.from({ length: n }, () => end);

  it('withholds the longest detention when its bucket is hidden, and then the median', () => {
    // Ten of one day, one of thirty: the 30 is alone in a hidden bucket (and the ten are
    // hidden to protect it). Lengths >= threshold, but printing 30 as the longest would
    // undo the hiding.
    const alone = detentionOf([...times(10, '2017-04-01'), '2017-04-30']);
    expect(alone.buckets.map((b) => b.count)).toEqual([null, 0, 0, 0, null, 0]);
    expect(alone).toMatchObject({ count: null, minDays: null, medianDays: null, maxDays: null });
    // Add six of two days: those are hidden instead, the ten one-day ones are published,
    // so the shortest (1) is published; the longest and the median are not.
    const some = detentionOf([...times(10, '2017-04-01'), ...times(6, '2017-04-02'), '2017-04-30']);
    expect(some.buckets.map((b) => b.count)).toEqual([10, null, 0, 0, null, 0]);
    expect(some).toMatchObject({ minDays: 1, medianDays: null, maxDays: null });
  });

  it('gives min, median and max when no bucket is hidden', () => {
    const detention = detentionOf([...times(6, '2017-04-01'), ...times(5, '2017-04-30')]);
    expect(detention.buckets.map((b) => b.count)).toEqual([6, 0, 0, 0, 5, 0]);
    expect(detention).toMatchObject({ count: 11, minDays: 1, medianDays: 1, maxDays: 30 });
  });

  it('counts as left out for consent only persons counted nowhere else', () => {
    const twoEvents = digest('x', {
      testimonies: [testimony('t1', consent(['anonymised_statistics'])), testimony('t2', null)],
      events: [
        event('e1', {
          acts: [act('a1', 'torture', '2017-04-02')],
          persons: [subject()],
          involvements: [victim('subject', 'a1')],
          sources: ['t1'],
        }),
        event('e2', {
          acts: [act('a2', 'torture', '2017-05-02'), act('a3', 'threats', '2017-05-02')],
          persons: [subject(), other('N')],
          involvements: [victim('subject', 'a2'), victim('N', 'a3')],
          sources: ['t2'],
        }),
      ],
    });
    const report = buildReport(
      definition({ measures: ['persons_tortured'] }),
      [twoEvents],
      vocabularies,
      options,
    );
    expect(figures(report)).toEqual([[1, 0, 1]]);
    // The person is counted from e1; only N, in e2 alone, is left out.
    expect(report.leftOut.consent).toEqual({ events: 1, acts: 2, persons: 1 });
  });

  it('warns of counted acts whose evidence last verified as altered or unreadable', () => {
    const custody = (result: 'intact' | 'altered' | 'unreadable') => ({
      evidenceId: 'ev',
      action: 'verified' as const,
      sha256: null,
      result,
      recipient: '',
      note: '',
      by: 'm',
      at: '2026-11-20T10:00:00.000Z',
    });
    const evidence = (id: string, actIds: string[]) => ({
      id,
      kind: 'file' as const,
      title: 'Photo',
      attachmentSeq: 1,
      url: null,
      sha256: 'a'.repeat(64),
      size: 10,
      capturedAt: '2026-11-20T09:00:00.000Z',
      source: 'phone',
      method: 'photographed',
      eventId: 'eE',
      actIds,
    });
    const withEvidence = digest('E', {
      events: [
        event('eE', {
          acts: [
            act('x1', 'torture', '2017-04-02'),
            act('x2', 'threats', '2017-04-02'),
            act('x3', 'abduction', '2017-04-02'),
          ],
          persons: [subject()],
          involvements: [victim('subject', 'x1'), victim('subject', 'x2'), victim('subject', 'x3')],
        }),
      ],
      evidence: [
        // Altered once, then intact again: the last check counts.
        { evidence: evidence('v1', ['x1']), custody: [custody('altered'), custody('intact')] },
        { evidence: evidence('v2', ['x2']), custody: [custody('intact'), custody('altered')] },
        { evidence: evidence('v3', ['x3']), custody: [custody('unreadable')] },
      ],
    });
    const report = buildReport(definition(), [withEvidence], vocabularies, options);
    // Counted all the same: the acts are on record.
    expect(figures(report)).toEqual([[3, 0, 3]]);
    expect(report.warnings.map((w) => [w.code, w.eventId, w.actId])).toEqual([
      ['evidence_altered', 'eE', 'x2'],
      ['evidence_unreadable', 'eE', 'x3'],
    ]);
  });

  it('publishes column sums for one measure, or rows that break one measure down', () => {
    const one = buildReport(
      definition({ measures: ['victims'], rows: 'measure', columns: 'period' }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(one.table.columnTotalsPublished).toBe(true);
    expect(one.table.protectedTable.grandTotal.value).toBe(
      one.table.protectedTable.rowTotals[0]?.value,
    );
    const byType = buildReport(
      definition({ measures: ['acts'], rows: 'act_type', columns: 'period' }),
      threeCases(),
      vocabularies,
      options,
    );
    expect(byType.table.columnTotalsPublished).toBe(true);
    expect(byType.table.protectedTable.grandTotal.value).toBe(7);
  });
});
