import { TermIdSchema } from '@corridor/protocol';
import { z } from 'zod';
import { CalendarDateSchema } from '../documentation/records.ts';
import { defaultDisclosureThreshold } from './disclosure-control.ts';
import { periodKeysBetween } from './report-periods.ts';

/** What a report can count. Operational measures (evacuated, fled) need no testimony consent. */
export const reportMeasures = [
  'persons_evacuated',
  'persons_fled',
  'persons_detained',
  'persons_tortured',
  'persons_killed',
  'acts',
  'victims',
] as const;
export const ReportMeasureSchema = z.enum(reportMeasures);
export type ReportMeasure = z.infer<typeof ReportMeasureSchema>;

/** What the table's rows are: one per measure, or the one measure broken down. */
export const reportRowDimensions = [
  'measure',
  'act_type',
  'place',
  'perpetrator_type',
  'outcome',
] as const;
export type ReportRowDimension = (typeof reportRowDimensions)[number];

export const reportColumnDimensions = ['period', 'place', 'none'] as const;
export type ReportColumnDimension = (typeof reportColumnDimensions)[number];

export const reportPeriods = ['month', 'quarter', 'year'] as const;
export type ReportPeriod = (typeof reportPeriods)[number];

/** Bounds, so a definition cannot make a table the browser or disclosure control chokes on. */
export const reportLimits = {
  maxTitleChars: 200,
  maxThreshold: 100,
  /** Columns by period: 20 years by month. */
  maxPeriods: 240,
} as const;

/** Why a definition is refused, as `params.code` of its zod issue (the message is English). */
export type ReportDefinitionProblem =
  | 'from_after_to'
  | 'too_many_periods'
  | 'one_measure_for_rows'
  | 'same_rows_and_columns'
  | 'duplicate_measure';

/**
 * A report: what to count (`measures`), how to break it down (`rows` × `columns`, dates
 * into periods, places rolled up to `placeDepth` of the places tree: 1 = country,
 * 2 = republic or city, 3 = town), over which dates, for which consent use, and how the
 * published table is protected (`threshold`, `rounding`).
 */
export const ReportDefinitionSchema = z
  .object({
    title: z.string().trim().min(1).max(reportLimits.maxTitleChars),
    measures: z.array(ReportMeasureSchema).min(1).max(reportMeasures.length),
    rows: z.enum(reportRowDimensions).default('measure'),
    columns: z.enum(reportColumnDimensions).default('period'),
    period: z.enum(reportPeriods).default('year'),
    placeDepth: z.number().int().min(1).max(6).default(2),
    from: CalendarDateSchema,
    to: CalendarDateSchema,
    /** Keep only acts whose verification status is `verified`. */
    verifiedOnly: z.boolean().default(false),
    /** The consent use the report is for: a `consent_uses` term. */
    use: TermIdSchema.default('anonymised_statistics'),
    threshold: z
      .number()
      .int()
      .min(1)
      .max(reportLimits.maxThreshold)
      .default(defaultDisclosureThreshold),
    rounding: z.enum(['none', 'base5']).default('none'),
  })
  .strict()
  .superRefine((definition, context) => {
    const problem = (code: ReportDefinitionProblem, path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message, params: { code } });
    if (definition.from > definition.to) {
      problem(
        'from_after_to',
        'to',
        'The report ends before it starts: `from` must be on or before `to`.',
      );
    } else if (
      definition.columns === 'period' &&
      periodKeysBetween(
        definition.from,
        definition.to,
        definition.period,
        reportLimits.maxPeriods + 1,
      ).length > reportLimits.maxPeriods
    ) {
      problem(
        'too_many_periods',
        'period',
        `At most ${reportLimits.maxPeriods} periods: choose a longer period or a shorter range.`,
      );
    }
    if (new Set(definition.measures).size !== definition.measures.length) {
      problem('duplicate_measure', 'measures', 'A measure is listed twice.');
    }
    if (definition.rows !== 'measure' && definition.measures.length !== 1) {
      problem(
        'one_measure_for_rows',
        'measures',
        'Rows other than measures break down one measure: choose exactly one.',
      );
    }
    if (definition.rows === 'place' && definition.columns === 'place') {
      problem('same_rows_and_columns', 'columns', 'Rows and columns cannot both be places.');
    }
  });
export type ReportDefinition = z.output<typeof ReportDefinitionSchema>;
export type ReportDefinitionInput = z.input<typeof ReportDefinitionSchema>;

/**
 * The table in the shape the seeds published: evacuated, fled, detained, tortured, killed,
 * by year, from the first reports of April 2017 to the end of 2018.
 */
export const seedsReportDefinition: ReportDefinition = ReportDefinitionSchema.parse({
  title: 'Persons evacuated, fled and persecuted, by year',
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
  from: '2017-01-01',
  to: '2018-12-31',
});
