// The public shape of a built report: what the reports page (web) shows, prints and
// exports. Everything here is already protected: counts pass through `protectTable`,
// so a page can print it as it is.
import type { DisclosureRule, ProtectedTable } from './disclosure-control.ts';
import type { ReportDefinition } from './report-definition.ts';

export type {
  ReportColumnDimension,
  ReportDefinition,
  ReportDefinitionInput,
  ReportDefinitionProblem,
  ReportMeasure,
  ReportPeriod,
  ReportRowDimension,
} from './report-definition.ts';

export type ReportLocale = 'en' | 'ru';

export interface ReportOptions {
  /** The report date (`YYYY-MM-DD`): consent that expired before it does not allow the use. */
  readonly today: string;
  readonly locale: ReportLocale;
}

export interface ReportTable {
  /** Stable keys: measure ids, term ids, period keys (`2017`, `2017-Q2`, `2017-04`), `total`. */
  readonly rowKeys: readonly string[];
  readonly rowLabels: readonly string[];
  readonly columnKeys: readonly string[];
  readonly columnLabels: readonly string[];
  /**
   * False when the rows are several measures: a column's cells are different things
   * (evacuated, detained, killed…), so the column totals and the grand total are not
   * published (in `protectedTable` they are `{ value: null, suppressed: null }`; print
   * nothing for them). Row totals, and all totals elsewhere, are sums of cells: a person
   * (or an act) in two cells is in the sum twice.
   */
  readonly columnTotalsPublished: boolean;
  /** The counts as published: hidden cells are `value: null` with why (`protectTable`). */
  readonly protectedTable: ProtectedTable;
}

/** What was not counted, and why: printed with the table, never silent. */
export interface ReportLeftOut {
  /**
   * Coded events and their acts whose sources give no consent for the use, and the
   * distinct persons (victims) in those acts who are counted nowhere else in the report.
   */
  readonly consent: { readonly events: number; readonly acts: number; readonly persons: number };
  /** Acts left out because `verifiedOnly` keeps only `verified` acts. */
  readonly unverified: number;
  /** Cases whose testimony compartment the member cannot read: their violations are unknown. */
  readonly unreadableCases: number;
}

/**
 * Why something was not counted, from the digest's own checks (`DigestProblem.code`) or
 * from the report's: `unknown_term`, `act_without_victim`, `dates_out_of_order`,
 * `date_invalid`, `person_unknown`, `act_unknown`, `destination_unknown` (a relocation with
 * no country: not counted as fled); and, for acts counted all the same,
 * `evidence_altered` / `evidence_unreadable` (see `countedWarningCodes`).
 */
export type ReportWarningCode =
  | 'unknown_term'
  | 'act_without_victim'
  | 'dates_out_of_order'
  | 'date_invalid'
  | 'person_unknown'
  | 'act_unknown'
  | 'destination_unknown'
  | 'evidence_altered'
  | 'evidence_unreadable'
  | (string & {});

/**
 * Warnings about acts that ARE counted: the evidence supporting them last verified as
 * altered or unreadable. Every other warning is about a record left out of the figures.
 */
export const countedWarningCodes: ReadonlySet<string> = new Set([
  'evidence_altered',
  'evidence_unreadable',
]);

/** A record the report did not count, or a counted act whose evidence failed (`countedWarningCodes`). */
export interface ReportWarning {
  readonly caseId: string;
  /** The event's seq for a digest problem; null for a check on a coded event (no seq in digests). */
  readonly seq: number | null;
  readonly code: ReportWarningCode;
  /** The coded event and act concerned, when the report's own check found it. */
  readonly eventId: string | null;
  readonly actId: string | null;
  /** The term that failed (`unknown_term`), if any. */
  readonly termId: string | null;
}

export const detentionBucketKeys = ['1', '2-3', '4-7', '8-21', 'over_21', 'open'] as const;
export type DetentionBucketKey = (typeof detentionBucketKeys)[number];

/**
 * Lengths of detention (end − start + 1 days) of victims of acts of deprivation of liberty
 * in the report's range; open detentions (no end date) are counted in `open`, not given a
 * length. Buckets are protected as a one-row table; min, median and max are only given
 * when at least `threshold` lengths are known (a few lengths could point at people), min
 * and max only when the bucket holding them is published, the median only when no bucket
 * is hidden.
 */
export interface ReportDetention {
  /** Detentions with a known length, as published (null when hidden). */
  readonly count: number | null;
  readonly open: number | null;
  readonly minDays: number | null;
  readonly medianDays: number | null;
  readonly maxDays: number | null;
  readonly buckets: readonly {
    readonly key: DetentionBucketKey;
    readonly label: string;
    readonly count: number | null;
  }[];
  readonly protectedTable: ProtectedTable;
}

/** Spending in one currency (never converted), from the cases' expense ledgers. */
export interface ReportSpending {
  readonly currency: string;
  /** Over all time: digests hold category totals, not dated expenses. */
  readonly byCategory: readonly {
    readonly key: string;
    readonly label: string;
    readonly spentMinor: number;
  }[];
  /** Periods of the report's range, by the expense's date. */
  readonly byPeriod: readonly {
    readonly key: string;
    readonly label: string;
    readonly spentMinor: number;
  }[];
}

export interface ReportChart {
  readonly id: string;
  readonly title: string;
  readonly labels: readonly string[];
  /** Null where the figure is hidden. */
  readonly values: readonly (number | null)[];
}

export interface Report {
  readonly definition: ReportDefinition;
  readonly table: ReportTable;
  readonly rule: DisclosureRule;
  readonly leftOut: ReportLeftOut;
  readonly warnings: readonly ReportWarning[];
  readonly detention: ReportDetention;
  readonly spending: readonly ReportSpending[];
  readonly charts: readonly ReportChart[];
  /** Cases the report read. */
  readonly cases: number;
  readonly builtOn: string;
  readonly locale: ReportLocale;
}

export interface HuridocsExportOptions {
  /**
   * The consent use the export is for: `named_publication` or a named body under
   * `sharing_with_named_bodies` (`united_nations`, `courts`…); see `huridocsExportUses`.
   */
  readonly use: string;
  readonly today: string;
  /** Only acts starting in this range (`YYYY-MM-DD`, inclusive), as in the report. */
  readonly from?: string | null;
  readonly to?: string | null;
  /** Only acts whose verification status is `verified`. */
  readonly verifiedOnly?: boolean;
}

export interface HuridocsExport {
  readonly document: HuridocsDocument;
  /** Coded events (with acts in the range) left out for lack of consent for the use. */
  readonly leftOut: number;
  /** Cases whose testimony the member cannot read: their events are unknown, not none. */
  readonly unreadableCases: number;
}

export interface HuridocsTermRef {
  readonly id: string;
  readonly vocabulary: string;
  readonly labels: { readonly en: string; readonly ru: string } | null;
}

export interface HuridocsDocument {
  readonly format: 'corridor-huridocs-events';
  readonly formatVersion: 1;
  readonly use: string;
  readonly exportedOn: string;
  readonly vocabularies: Readonly<Record<string, number>>;
  readonly from: string | null;
  readonly to: string | null;
  readonly verifiedOnly: boolean;
  readonly leftOutForConsent: number;
  readonly unreadableCases: number;
  readonly events: readonly HuridocsEvent[];
}

export interface HuridocsEvent {
  readonly id: string;
  readonly title: string;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly place: HuridocsTermRef | null;
  readonly vocabularyVersions: Readonly<Record<string, number>>;
  readonly acts: readonly HuridocsAct[];
  readonly persons: readonly {
    readonly id: string;
    readonly label: string;
    readonly caseSubject: boolean;
  }[];
}

export interface HuridocsAct {
  readonly id: string;
  readonly type: HuridocsTermRef;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly methods: readonly HuridocsTermRef[];
  readonly detentionPlace: HuridocsTermRef | null;
  readonly verification: { readonly status: HuridocsTermRef; readonly date: string };
  readonly involvements: readonly {
    readonly personId: string;
    readonly role: HuridocsTermRef;
    readonly perpetratorType: HuridocsTermRef | null;
  }[];
}
