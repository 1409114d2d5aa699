import { descendants, type VocabularyTerm } from '@corridor/protocol';
import type { DocumentationDigest } from '../documentation/documentation-digest-types.ts';
import { allowingTestimonies, anySourceAllows } from '../documentation/testimonies.ts';
import type { Vocabularies } from '../documentation/vocabularies.ts';
import {
  type ProtectedCell,
  type ProtectedTable,
  protectTable,
  roundToBase5,
} from './disclosure-control.ts';
import {
  type ReportDefinition,
  ReportDefinitionSchema,
  type ReportMeasure,
} from './report-definition.ts';
import { detentionDays, EventReader, isRealDate, noneKey, type ReadAct } from './report-facts.ts';
import {
  type CaseOutcome,
  caseOutcomes,
  detentionBucketLabels,
  expenseCategoryLabels,
  measureLabels,
  otherLabels,
  outcomeLabels,
  termIndex,
  termLabel,
} from './report-labels.ts';
import { periodKey, periodKeysBetween, periodLabel } from './report-periods.ts';
import {
  type DetentionBucketKey,
  detentionBucketKeys,
  type Report,
  type ReportChart,
  type ReportDetention,
  type ReportOptions,
  type ReportSpending,
  type ReportTable,
  type ReportWarning,
} from './report-types.ts';

export type ReportErrorCode = 'unknown_use' | 'invalid_today';

/** A report that cannot be built as asked (the definition itself is checked by its schema). */
export class ReportError extends Error {
  constructor(readonly code: ReportErrorCode) {
    super(code.replaceAll('_', ' '));
  }
}

/** One thing counted: where it falls in each breakdown. */
interface Fact {
  readonly date: string;
  readonly place: string;
  readonly actType: string;
  readonly perpetratorTypes: readonly string[];
  readonly outcome: CaseOutcome;
}

const allKey = 'all';

/**
 * Builds a report from the cases' documentation digests, in the browser (or a worker):
 * counts each measure by the definition's rows and columns, leaving out what consent
 * for the report's use does not allow (counted), unverified acts when asked (counted),
 * and what fails the checks (a warning each, never counted); then protects every table
 * with `protectTable`. A person counts once per cell (a case's person is one person in
 * all its events); totals add up the cells, so a person in two cells counts twice there.
 */
export function buildReport(
  definitionInput: ReportDefinition,
  digests: readonly DocumentationDigest[],
  vocabularies: Vocabularies,
  options: ReportOptions,
): Report {
  const definition = ReportDefinitionSchema.parse(definitionInput);
  if (!isRealDate(options.today)) throw new ReportError('invalid_today');
  if (!vocabularies.consent_uses.terms.some((term) => term.id === definition.use)) {
    throw new ReportError('unknown_use');
  }
  const builder = new ReportBuilder(definition, vocabularies, options);
  for (const digest of digests) builder.read(digest);
  return builder.finish(digests.length);
}

/**
 * Whether a case's relocation took the person abroad. Its destination says so when the
 * member reads it; a member who does not (no `location`) has the signed workflow, where
 * closing as `relocated` means abroad (`settled_in_country` is the way out at home).
 */
const abroad = (digest: DocumentationDigest): boolean =>
  digest.outcomes.relocatedTo === null
    ? digest.closedReason === 'relocated'
    : isAbroad(digest.outcomes.relocatedTo);

class ReportBuilder {
  private readonly reader: EventReader;
  private readonly measures: ReadonlySet<ReportMeasure>;
  private readonly detained: ReadonlySet<string>;
  private readonly tortured: ReadonlySet<string>;
  private readonly killed: ReadonlySet<string>;
  /** Row key → column key → the persons counted there (their keys), or the number of acts. */
  private readonly cells = new Map<string, Map<string, Set<string> | number>>();
  private readonly periodKeys = new Map<string, string>();
  private readonly warnings: ReportWarning[] = [];
  /** Victims of acts left out for consent; those also counted elsewhere are taken off at the end. */
  private readonly leftOutPersons = new Set<string>();
  /** Victims of the acts the report counts (any measure). */
  private readonly countedPersons = new Set<string>();
  private leftOutEvents = 0;
  private leftOutActs = 0;
  private unverified = 0;
  private unreadableCases = 0;
  private readonly detentionLengths: number[] = [];
  private openDetentions = 0;
  /** currency → category → minor units; currency → period → minor units. */
  private readonly spendingByCategory = new Map<string, Map<string, number>>();
  private readonly spendingByPeriod = new Map<string, Map<string, number>>();

  constructor(
    private readonly definition: ReportDefinition,
    private readonly vocabularies: Vocabularies,
    private readonly options: ReportOptions,
  ) {
    this.reader = new EventReader(vocabularies, definition.placeDepth);
    this.measures = new Set(definition.measures);
    const types = vocabularies.act_types;
    const below = (...ids: string[]) =>
      new Set(ids.flatMap((id) => [id, ...descendants(types, id)]));
    this.detained = below('deprivation_of_liberty');
    this.tortured = below('torture', 'ill_treatment');
    this.killed = below('killing');
  }

  private inRange(date: string): boolean {
    return date >= this.definition.from && date <= this.definition.to;
  }

  /** The column a fact falls in; period keys are remembered by date (a few hundred dates). */
  private columnOf(fact: Fact): string {
    const { columns } = this.definition;
    if (columns === 'place') return fact.place;
    if (columns === 'none') return allKey;
    let key = this.periodKeys.get(fact.date);
    if (key === undefined) {
      key = periodKey(fact.date, this.definition.period);
      this.periodKeys.set(fact.date, key);
    }
    return key;
  }

  private add(measure: ReportMeasure, unit: string, fact: Fact): void {
    if (!this.measures.has(measure)) return;
    const columnKey = this.columnOf(fact);
    const { rows } = this.definition;
    if (rows === 'perpetrator_type') {
      for (const type of fact.perpetratorTypes) this.addTo(type, columnKey, measure, unit);
      return;
    }
    const rowKey =
      rows === 'measure'
        ? measure
        : rows === 'act_type'
          ? fact.actType
          : rows === 'place'
            ? fact.place
            : fact.outcome;
    this.addTo(rowKey, columnKey, measure, unit);
  }

  /**
   * Adds a unit to a cell. Acts are counted, not kept: each is added once per cell (its
   * perpetrator types are distinct), so a number does what a set would at less cost.
   */
  private addTo(rowKey: string, columnKey: string, measure: ReportMeasure, unit: string): void {
    let line = this.cells.get(rowKey);
    if (line === undefined) {
      line = new Map();
      this.cells.set(rowKey, line);
    }
    const cell = line.get(columnKey);
    if (measure === 'acts') {
      line.set(columnKey, (typeof cell === 'number' ? cell : 0) + 1);
    } else if (cell === undefined) {
      line.set(columnKey, new Set([unit]));
    } else if (typeof cell !== 'number') {
      cell.add(unit);
    }
  }

  read(digest: DocumentationDigest): void {
    const { caseId, outcomes } = digest;
    const outcome = this.caseOutcome(digest);
    const subject = `${caseId}:subject`;

    // The organisation's own records: no testimony consent needed.
    if (outcomes.evacuatedOn !== null) {
      if (!isRealDate(outcomes.evacuatedOn)) this.caseWarning(caseId, 'date_invalid');
      else if (this.inRange(outcomes.evacuatedOn)) {
        this.add('persons_evacuated', subject, operationalFact(outcomes.evacuatedOn, outcome));
      }
    }
    if (outcomes.relocatedOn !== null) {
      if (!isRealDate(outcomes.relocatedOn)) this.caseWarning(caseId, 'date_invalid');
      else if (outcomes.relocatedTo === null && digest.closedReason !== 'relocated') {
        this.caseWarning(caseId, 'destination_unknown');
      } else if (abroad(digest) && this.inRange(outcomes.relocatedOn)) {
        this.add('persons_fled', subject, operationalFact(outcomes.relocatedOn, outcome));
      }
    }
    this.readSpending(digest);

    for (const problem of digest.problems) {
      this.warnings.push({
        caseId,
        seq: problem.seq,
        code: problem.code,
        eventId: null,
        actId: null,
        termId: null,
      });
    }
    if (!digest.readsTestimony) {
      this.unreadableCases += 1;
      return;
    }
    const badEvidence = badEvidenceByAct(digest);
    const allowing = allowingTestimonies(
      digest.testimonies,
      this.definition.use,
      this.options.today,
      this.vocabularies,
    );
    for (const event of digest.events) {
      const acts: ReadAct[] = [];
      for (const read of this.reader.read(caseId, subject, event, this.warnings)) {
        if (this.inRange(read.act.startDate)) acts.push(read);
      }
      if (acts.length === 0) continue;
      if (!anySourceAllows(event, allowing)) {
        this.leftOutEvents += 1;
        this.leftOutActs += acts.length;
        // Persons as the measures count them: victims of the acts left out (those also
        // counted from an allowed act are taken off in finish()).
        for (const read of acts) for (const person of read.victims) this.leftOutPersons.add(person);
        continue;
      }
      for (const read of acts) {
        if (this.definition.verifiedOnly && read.act.verification.status !== 'verified') {
          this.unverified += 1;
          continue;
        }
        this.countAct(read, outcome);
        // Counted all the same (the act is on record), but its evidence no longer checks out.
        const check = badEvidence.get(read.act.id);
        if (check !== undefined) {
          this.warnings.push({
            caseId,
            seq: null,
            code: check === 'altered' ? 'evidence_altered' : 'evidence_unreadable',
            eventId: event.id,
            actId: read.act.id,
            termId: null,
          });
        }
      }
    }
  }

  private caseWarning(caseId: string, code: string): void {
    this.warnings.push({ caseId, seq: null, code, eventId: null, actId: null, termId: null });
  }

  private countAct(read: ReadAct, outcome: CaseOutcome): void {
    const { act } = read;
    const fact: Fact = {
      date: act.startDate,
      place: read.place,
      actType: act.type,
      perpetratorTypes: read.perpetratorTypes,
      outcome,
    };
    // Acts are counted, not kept (see addTo): no key needed.
    this.add('acts', '', fact);
    // Each group on its own: groups may nest once an organisation moves terms (torture
    // filed under detention), and a person then counts in both.
    const isDetention = this.detained.has(act.type);
    const isTorture = this.tortured.has(act.type);
    const isKilling = this.killed.has(act.type);
    for (const victim of read.victims) {
      this.countedPersons.add(victim);
      this.add('victims', victim, fact);
      if (isDetention) this.add('persons_detained', victim, fact);
      if (isTorture) this.add('persons_tortured', victim, fact);
      if (isKilling) this.add('persons_killed', victim, fact);
      if (isDetention) {
        if (act.endDate === null) this.openDetentions += 1;
        else this.detentionLengths.push(detentionDays(act.startDate, act.endDate));
      }
    }
  }

  private caseOutcome(digest: DocumentationDigest): CaseOutcome {
    const { evacuatedOn, relocatedOn, relocatedTo } = digest.outcomes;
    if (relocatedOn !== null && (relocatedTo !== null || digest.closedReason === 'relocated')) {
      return abroad(digest) ? 'fled_abroad' : 'relocated_in_russia';
    }
    if (evacuatedOn !== null) return 'evacuated';
    return digest.stage === 'closed' ? 'closed_otherwise' : 'in_progress';
  }

  private readSpending(digest: DocumentationDigest): void {
    for (const total of digest.spending.byCategory) {
      addAmount(this.spendingByCategory, total.currency, total.key, total.spentMinor);
    }
    const from = this.definition.from.slice(0, 7);
    const to = this.definition.to.slice(0, 7);
    for (const total of digest.spending.byMonth) {
      if (total.key < from || total.key > to) continue;
      const key = periodKey(`${total.key}-01`, this.definition.period);
      addAmount(this.spendingByPeriod, total.currency, key, total.spentMinor);
    }
  }

  finish(caseCount: number): Report {
    const { definition, options } = this;
    const table = this.table();
    const detention = this.detention();
    return {
      definition,
      table,
      rule: table.protectedTable.rule,
      leftOut: {
        consent: {
          events: this.leftOutEvents,
          acts: this.leftOutActs,
          persons: this.leftOutPersonsNotCounted(),
        },
        unverified: this.unverified,
        unreadableCases: this.unreadableCases,
      },
      warnings: this.warnings,
      detention,
      spending: this.spending(),
      charts: this.charts(table, detention),
      cases: caseCount,
      builtOn: options.today,
      locale: options.locale,
    };
  }

  /** Distinct victims of acts left out for consent who are counted nowhere in the report. */
  private leftOutPersonsNotCounted(): number {
    let n = 0;
    for (const person of this.leftOutPersons) if (!this.countedPersons.has(person)) n += 1;
    return n;
  }

  private table(): ReportTable {
    const { definition, options, vocabularies } = this;
    const locale = options.locale;
    const present = new Set(this.cells.keys());
    const inVocabularyOrder = (
      terms: readonly VocabularyTerm[],
      keys: ReadonlySet<string>,
    ): string[] => {
      const ordered = terms.map((term) => term.id).filter((id) => keys.has(id));
      if (keys.has(noneKey)) ordered.push(noneKey);
      return ordered.length === 0 ? [noneKey] : ordered;
    };
    const places = termIndex(vocabularies.places);
    const rowKeys: string[] =
      definition.rows === 'measure'
        ? [...definition.measures]
        : definition.rows === 'act_type'
          ? inVocabularyOrder(vocabularies.act_types.terms, present)
          : definition.rows === 'place'
            ? inVocabularyOrder(vocabularies.places.terms, present)
            : definition.rows === 'perpetrator_type'
              ? inVocabularyOrder(vocabularies.perpetrator_types.terms, present)
              : [...caseOutcomes];
    const rowLabel = (key: string): string => {
      if (key === noneKey) return otherLabels.none[locale];
      switch (definition.rows) {
        case 'measure':
          return measureLabels[key as ReportMeasure][locale];
        case 'act_type':
          return termLabel(termIndex(vocabularies.act_types), key, locale);
        case 'place':
          return termLabel(places, key, locale);
        case 'perpetrator_type':
          return termLabel(termIndex(vocabularies.perpetrator_types), key, locale);
        case 'outcome':
          return outcomeLabels[key as CaseOutcome][locale];
      }
    };
    const usedColumns = new Set<string>();
    for (const line of this.cells.values()) for (const key of line.keys()) usedColumns.add(key);
    const columnKeys =
      definition.columns === 'period'
        ? periodKeysBetween(definition.from, definition.to, definition.period)
        : definition.columns === 'place'
          ? inVocabularyOrder(vocabularies.places.terms, usedColumns)
          : [allKey];
    const columnLabel = (key: string): string =>
      definition.columns === 'period'
        ? periodLabel(key, locale)
        : definition.columns === 'place'
          ? key === noneKey
            ? otherLabels.none[locale]
            : termLabel(places, key, locale)
          : otherLabels.all[locale];
    const counts = rowKeys.map((row) =>
      columnKeys.map((column) => cellCount(this.cells.get(row)?.get(column))),
    );
    // The totals are protected with the table (secondary suppression needs them), but a
    // column of different measures (evacuated + detained + killed…) adds up to nothing:
    // its total and the grand total are not published.
    const columnTotalsPublished = definition.rows !== 'measure' || rowKeys.length === 1;
    const protectedTable = protectTable(
      { rows: rowKeys, columns: columnKeys, counts },
      { threshold: definition.threshold, rounding: definition.rounding },
    );
    return {
      rowKeys,
      rowLabels: rowKeys.map(rowLabel),
      columnKeys,
      columnLabels: columnKeys.map(columnLabel),
      columnTotalsPublished,
      protectedTable: columnTotalsPublished ? protectedTable : withoutColumnTotals(protectedTable),
    };
  }

  private detention(): ReportDetention {
    const { threshold, rounding } = this.definition;
    const locale = this.options.locale;
    const counts = new Map<DetentionBucketKey, number>(detentionBucketKeys.map((key) => [key, 0]));
    for (const days of this.detentionLengths) {
      const key = bucketOf(days);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    counts.set('open', this.openDetentions);
    const protectedTable = protectTable(
      {
        rows: ['detentions'],
        columns: [...detentionBucketKeys],
        counts: [detentionBucketKeys.map((key) => counts.get(key) ?? 0)],
      },
      { threshold, rounding },
    );
    const cells = protectedTable.cells[0] ?? [];
    const sorted = [...this.detentionLengths].sort((a, b) => a - b);
    // A few lengths, or their extremes, could point at people: figures only from enough,
    // and the shortest or longest only when the bucket holding it is published (ten
    // one-day detentions and one of 30 days: the 30 is alone in its hidden bucket, and
    // printing it as the longest would undo the hiding). The median is given only when no
    // bucket is hidden: with one hidden, where the median falls can tell the hidden count.
    const enough = sorted.length >= threshold;
    const nothingHidden = cells.every((cell) => cell.suppressed === null);
    const published = (days: number | undefined): number | null => {
      if (!enough || days === undefined) return null;
      const cell = cells[detentionBucketKeys.indexOf(bucketOf(days))];
      return cell !== undefined && cell.suppressed === null ? days : null;
    };
    const round = (value: number) => (rounding === 'base5' ? roundToBase5(value) : value);
    return {
      count: nothingHidden ? round(sorted.length) : null,
      open: cells[detentionBucketKeys.indexOf('open')]?.value ?? null,
      minDays: published(sorted[0]),
      medianDays: enough && nothingHidden ? median(sorted) : null,
      maxDays: published(sorted.at(-1)),
      buckets: detentionBucketKeys.map((key, j) => ({
        key,
        label: detentionBucketLabels[key][locale],
        count: (cells[j] as ProtectedCell | undefined)?.value ?? null,
      })),
      protectedTable,
    };
  }

  private spending(): ReportSpending[] {
    const locale = this.options.locale;
    const currencies = new Set([
      ...this.spendingByCategory.keys(),
      ...this.spendingByPeriod.keys(),
    ]);
    return [...currencies].sort().map((currency) => ({
      currency,
      byCategory: [...(this.spendingByCategory.get(currency) ?? new Map<string, number>())]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, spentMinor]) => ({
          key,
          label: expenseCategoryLabels[key]?.[locale] ?? key,
          spentMinor,
        })),
      byPeriod: [...(this.spendingByPeriod.get(currency) ?? new Map<string, number>())]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, spentMinor]) => ({ key, label: periodLabel(key, locale), spentMinor })),
    }));
  }

  private charts(table: ReportTable, detention: ReportDetention): ReportChart[] {
    const { protectedTable } = table;
    const charts: ReportChart[] =
      this.definition.columns === 'none'
        ? [
            {
              id: 'table',
              title: this.definition.title,
              labels: table.rowLabels,
              values: protectedTable.cells.map((line) => line[0]?.value ?? null),
            },
          ]
        : table.rowKeys.map((key, i) => ({
            id: `row:${key}`,
            title: table.rowLabels[i] ?? key,
            labels: table.columnLabels,
            values: (protectedTable.cells[i] ?? []).map((cell) => cell.value),
          }));
    if (this.measures.has('persons_detained')) {
      charts.push({
        id: 'detention',
        title: otherLabels.detentionChart[this.options.locale],
        labels: detention.buckets.map((bucket) => bucket.label),
        values: detention.buckets.map((bucket) => bucket.count),
      });
    }
    return charts;
  }
}

/**
 * The acts of a case supported by evidence whose last verification found it `altered` or
 * `unreadable` (`altered` wins when two pieces of evidence disagree).
 */
function badEvidenceByAct(
  digest: DocumentationDigest,
): ReadonlyMap<string, 'altered' | 'unreadable'> {
  const bad = new Map<string, 'altered' | 'unreadable'>();
  for (const item of digest.evidence) {
    let last: 'intact' | 'altered' | 'unreadable' | null = null;
    for (const entry of item.custody) {
      if (entry.action === 'verified' && entry.result !== null) last = entry.result;
    }
    if (last === null || last === 'intact') continue;
    for (const actId of item.evidence.actIds) {
      if (bad.get(actId) !== 'altered') bad.set(actId, last);
    }
  }
  return bad;
}

/**
 * The published table without the column totals and grand total: their figures are
 * withheld (null, not marked hidden), and the rule counts only the figures still printed.
 */
function withoutColumnTotals(table: ProtectedTable): ProtectedTable {
  const withheld: ProtectedCell = { value: null, suppressed: null };
  let primaryCount = 0;
  let secondaryCount = 0;
  for (const cell of [...table.cells.flat(), ...table.rowTotals]) {
    if (cell.suppressed === 'primary') primaryCount += 1;
    if (cell.suppressed === 'secondary') secondaryCount += 1;
  }
  return {
    ...table,
    columnTotals: table.columnTotals.map(() => withheld),
    grandTotal: withheld,
    rule: { ...table.rule, primaryCount, secondaryCount },
  };
}

function operationalFact(date: string, outcome: CaseOutcome): Fact {
  return { date, place: noneKey, actType: noneKey, perpetratorTypes: [noneKey], outcome };
}

function cellCount(cell: Set<string> | number | undefined): number {
  return cell === undefined ? 0 : typeof cell === 'number' ? cell : cell.size;
}

/** A destination is abroad unless it is Russia (ISO code `RU`). */
function isAbroad(countryCode: string): boolean {
  return countryCode.toUpperCase() !== 'RU';
}

function bucketOf(days: number): DetentionBucketKey {
  if (days <= 1) return '1';
  if (days <= 3) return '2-3';
  if (days <= 7) return '4-7';
  if (days <= 21) return '8-21';
  return 'over_21';
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

function addAmount(
  map: Map<string, Map<string, number>>,
  currency: string,
  key: string,
  amount: number,
): void {
  let line = map.get(currency);
  if (line === undefined) {
    line = new Map();
    map.set(currency, line);
  }
  line.set(key, (line.get(key) ?? 0) + amount);
}
