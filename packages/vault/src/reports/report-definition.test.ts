import { describe, expect, it } from 'vitest';
import {
  type ReportDefinitionProblem,
  ReportDefinitionSchema,
  reportLimits,
  seedsReportDefinition,
} from './report-definition.ts';
import { periodKey, periodKeysBetween, periodLabel } from './report-periods.ts';

const minimal = {
  title: 'Detentions',
  measures: ['persons_detained'],
  from: '2017-01-01',
  to: '2018-12-31',
};

function problems(input: unknown): (ReportDefinitionProblem | string)[] {
  const parsed = ReportDefinitionSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) =>
    issue.code === 'custom' && issue.params?.code !== undefined
      ? String(issue.params.code)
      : issue.path.join('.'),
  );
}

describe('ReportDefinitionSchema', () => {
  it('fills the defaults: threshold 5, anonymised statistics, no rounding, by year', () => {
    expect(ReportDefinitionSchema.parse(minimal)).toEqual({
      ...minimal,
      rows: 'measure',
      columns: 'period',
      period: 'year',
      placeDepth: 2,
      verifiedOnly: false,
      use: 'anonymised_statistics',
      threshold: 5,
      rounding: 'none',
    });
  });

  it('refuses a report that ends before it starts, with a clear message', () => {
    const parsed = ReportDefinitionSchema.safeParse({
      ...minimal,
      from: '2018-01-02',
      to: '2018-01-01',
    });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue?.path).toEqual(['to']);
    expect(issue?.message).toMatch(/`from` must be on or before `to`/);
    expect(problems({ ...minimal, from: '2018-01-01', to: '2018-01-01' })).toEqual([]);
  });

  it('refuses more periods than a table can hold', () => {
    expect(problems({ ...minimal, period: 'month', from: '2000-01-01', to: '2019-12-31' })).toEqual(
      [],
    );
    expect(problems({ ...minimal, period: 'month', from: '2000-01-01', to: '2020-01-01' })).toEqual(
      ['too_many_periods'],
    );
    expect(reportLimits.maxPeriods).toBe(240);
    // Without period columns the range is free.
    expect(problems({ ...minimal, period: 'month', columns: 'none', from: '1990-01-01' })).toEqual(
      [],
    );
  });

  it('breaks down one measure when rows are not measures', () => {
    expect(problems({ ...minimal, rows: 'place', measures: ['acts', 'victims'] })).toEqual([
      'one_measure_for_rows',
    ]);
    expect(problems({ ...minimal, rows: 'place', columns: 'place' })).toEqual([
      'same_rows_and_columns',
    ]);
    expect(problems({ ...minimal, measures: ['acts', 'acts'] })).toEqual(['duplicate_measure']);
  });

  it('bounds every field', () => {
    expect(problems({ ...minimal, title: ' ' })).toEqual(['title']);
    expect(problems({ ...minimal, title: 'x'.repeat(201) })).toEqual(['title']);
    expect(problems({ ...minimal, measures: [] })).toEqual(['measures']);
    expect(problems({ ...minimal, measures: ['beds'] })).toEqual(['measures.0']);
    expect(problems({ ...minimal, threshold: 0 })).toEqual(['threshold']);
    expect(problems({ ...minimal, threshold: 101 })).toEqual(['threshold']);
    expect(problems({ ...minimal, threshold: 2.5 })).toEqual(['threshold']);
    expect(problems({ ...minimal, placeDepth: 7 })).toEqual(['placeDepth']);
    expect(problems({ ...minimal, from: '2017-02-30' })).toEqual(['from']);
    expect(problems({ ...minimal, use: 'Anonymised Statistics' })).toEqual(['use']);
    expect(problems({ ...minimal, extra: true })).toEqual(['']);
  });

  it('gives the seeds table: five measures by year', () => {
    expect(seedsReportDefinition).toMatchObject({
      measures: [
        'persons_evacuated',
        'persons_fled',
        'persons_detained',
        'persons_tortured',
        'persons_killed',
      ],
      rows: 'measure',
      columns: 'period',
      period: 'year',
      threshold: 5,
      use: 'anonymised_statistics',
    });
  });
});

describe('report periods', () => {
  it('keys a date by year, quarter and month', () => {
    expect(periodKey('2017-05-31', 'year')).toBe('2017');
    expect(periodKey('2017-05-31', 'quarter')).toBe('2017-Q2');
    expect(periodKey('2017-12-01', 'quarter')).toBe('2017-Q4');
    expect(periodKey('2017-05-31', 'month')).toBe('2017-05');
  });

  it('lists every period of a range, across years', () => {
    expect(periodKeysBetween('2017-05-31', '2018-02-01', 'quarter')).toEqual([
      '2017-Q2',
      '2017-Q3',
      '2017-Q4',
      '2018-Q1',
    ]);
    expect(periodKeysBetween('2017-11-15', '2018-01-01', 'month')).toEqual([
      '2017-11',
      '2017-12',
      '2018-01',
    ]);
    expect(periodKeysBetween('2017-11-15', '2017-11-16', 'year')).toEqual(['2017']);
    expect(periodKeysBetween('2000-01-01', '2100-01-01', 'month', 3)).toHaveLength(3);
  });

  it('labels periods in English and Russian', () => {
    expect(periodLabel('2017-Q2', 'en')).toBe('Q2 2017');
    expect(periodLabel('2017-Q4', 'ru')).toBe('IV кв. 2017');
    expect(periodLabel('2017-04', 'en')).toBe('April 2017');
    expect(periodLabel('2017-04', 'ru')).toBe('Апрель 2017');
    expect(periodLabel('2017', 'ru')).toBe('2017');
  });
});
