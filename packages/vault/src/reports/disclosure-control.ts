// Disclosure control for a published two-way table of counts (ONS / NHS Digital / Eurostat
// practice): small counts are hidden, further cells are hidden so the small ones cannot be
// worked back from the published totals, and figures may be rounded to base 5. Pure: the
// report builder passes the counts it computed in the browser and prints what comes back.
// See docs/decisions/0046-disclosure-control.md for the choices made here.

/** A two-way table of counts: `counts[row][column]`, non-negative whole numbers. */
export interface CountTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly counts: readonly (readonly number[])[];
}

export type Rounding = 'none' | 'base5';

export interface DisclosureOptions {
  /** Non-zero counts below this are hidden. Default 5; 10 is common for sensitive groups. */
  readonly threshold?: number;
  readonly rounding?: Rounding;
}

/** Why a figure is hidden: below the threshold, or to protect a figure that is. */
export type Suppression = 'primary' | 'secondary';

export interface ProtectedCell {
  /** The figure to print (rounded if asked), or null where it is hidden. */
  readonly value: number | null;
  readonly suppressed: Suppression | null;
}

/**
 * The rule applied, as data: a report prints it with the `reports.disclosure.*` messages in
 * the reader's language.
 */
export interface DisclosureRule {
  readonly threshold: number;
  readonly rounding: Rounding;
  /** Zeros are published (see the decision note); only non-zero small counts are hidden. */
  readonly zerosPublished: true;
  /** How many figures (cells and totals) are hidden, of each kind. */
  readonly primaryCount: number;
  readonly secondaryCount: number;
}

export interface ProtectedTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly ProtectedCell[])[];
  readonly rowTotals: readonly ProtectedCell[];
  readonly columnTotals: readonly ProtectedCell[];
  readonly grandTotal: ProtectedCell;
  readonly rule: DisclosureRule;
}

export type DisclosureErrorCode =
  | 'empty_table'
  | 'shape_mismatch'
  | 'invalid_count'
  | 'invalid_threshold';

/** Thrown for a table or options that cannot be protected: never a silently wrong table. */
export class DisclosureControlError extends Error {
  constructor(readonly code: DisclosureErrorCode) {
    super(code.replaceAll('_', ' '));
  }
}

export const defaultDisclosureThreshold = 5;

/** Rounds to the nearest multiple of 5. Counts are whole, so no value is ever halfway. */
export function roundToBase5(value: number): number {
  return Math.round(value / 5) * 5;
}

/**
 * Hides what must be hidden in `table` and rounds what is published.
 *
 * The table is treated with its margins as one (rows+1) × (columns+1) grid: the last column
 * holds the row totals, the last row the column totals, the corner the grand total. Every
 * line of that grid (each row, each column, the totals row and the totals column) is an
 * equation "cells add up to the total". A hidden figure can be worked out exactly from the
 * published ones if and only if it is a bridge in the graph whose nodes are the grid's lines
 * and whose edges are the hidden figures (the equations' solutions differ only along
 * cycles). So: hide the primary figures, then while some line has exactly one hidden figure
 * hide its smallest other figure, then while any hidden figure is a bridge hide the smallest
 * figure that closes a cycle through it; repeat until stable.
 */
export function protectTable(table: CountTable, options: DisclosureOptions = {}): ProtectedTable {
  const threshold = options.threshold ?? defaultDisclosureThreshold;
  const rounding = options.rounding ?? 'none';
  if (!Number.isSafeInteger(threshold) || threshold < 1) {
    throw new DisclosureControlError('invalid_threshold');
  }
  const grid = augmentedGrid(table);
  const rowCount = table.rows.length;
  const columnCount = table.columns.length;
  const marks: (Suppression | null)[][] = grid.map((line) =>
    line.map((value) => (value > 0 && value < threshold ? 'primary' : null)),
  );

  const protector = new Protector(grid, marks, rowCount, columnCount);
  protector.run();

  const publish = (i: number, j: number): ProtectedCell => {
    const mark = marks[i]?.[j] ?? null;
    const value = grid[i]?.[j] ?? 0;
    if (mark !== null) return { value: null, suppressed: mark };
    return { value: rounding === 'base5' ? roundToBase5(value) : value, suppressed: null };
  };
  let primaryCount = 0;
  let secondaryCount = 0;
  for (const line of marks) {
    for (const mark of line) {
      if (mark === 'primary') primaryCount += 1;
      if (mark === 'secondary') secondaryCount += 1;
    }
  }
  return {
    rows: [...table.rows],
    columns: [...table.columns],
    cells: table.rows.map((_, i) => table.columns.map((__, j) => publish(i, j))),
    rowTotals: table.rows.map((_, i) => publish(i, columnCount)),
    columnTotals: table.columns.map((_, j) => publish(rowCount, j)),
    grandTotal: publish(rowCount, columnCount),
    rule: { threshold, rounding, zerosPublished: true, primaryCount, secondaryCount },
  };
}

/** The counts with their unrounded totals in an extra column and row. */
function augmentedGrid(table: CountTable): number[][] {
  const { rows, columns, counts } = table;
  if (rows.length === 0 || columns.length === 0) throw new DisclosureControlError('empty_table');
  if (counts.length !== rows.length || counts.some((line) => line.length !== columns.length)) {
    throw new DisclosureControlError('shape_mismatch');
  }
  const grid: number[][] = counts.map((line) => {
    let total = 0;
    const out = line.map((value) => {
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new DisclosureControlError('invalid_count');
      }
      total += value;
      return value;
    });
    out.push(total);
    return out;
  });
  const totalsRow = columns.map((_, j) => grid.reduce((sum, line) => sum + (line[j] ?? 0), 0));
  totalsRow.push(totalsRow.reduce((sum, value) => sum + value, 0));
  grid.push(totalsRow);
  if (grid.some((line) => line.some((value) => !Number.isSafeInteger(value)))) {
    throw new DisclosureControlError('invalid_count');
  }
  return grid;
}

interface Position {
  readonly i: number;
  readonly j: number;
}

/** Works on the grid's marks in place until no hidden figure can be derived. */
class Protector {
  constructor(
    private readonly grid: readonly (readonly number[])[],
    private readonly marks: (Suppression | null)[][],
    private readonly rowCount: number,
    private readonly columnCount: number,
  ) {}

  run(): void {
    // Each step hides one more figure, and there are finitely many: this ends.
    for (;;) {
      if (this.fixLoneSuppression()) continue;
      if (this.fixBridge()) continue;
      return;
    }
  }

  private hidden(i: number, j: number): boolean {
    return (this.marks[i]?.[j] ?? null) !== null;
  }

  private value(i: number, j: number): number {
    return this.grid[i]?.[j] ?? 0;
  }

  private hiddenInRow(i: number): number {
    let n = 0;
    for (let j = 0; j <= this.columnCount; j++) if (this.hidden(i, j)) n += 1;
    return n;
  }

  private hiddenInColumn(j: number): number {
    let n = 0;
    for (let i = 0; i <= this.rowCount; i++) if (this.hidden(i, j)) n += 1;
    return n;
  }

  /** The brief's rule: a line with one hidden figure gets its smallest other figure hidden. */
  private fixLoneSuppression(): boolean {
    for (let i = 0; i <= this.rowCount; i++) {
      if (this.hiddenInRow(i) !== 1) continue;
      const candidates: Position[] = [];
      for (let j = 0; j <= this.columnCount; j++) if (!this.hidden(i, j)) candidates.push({ i, j });
      this.hide(this.cheapest(candidates));
      return true;
    }
    for (let j = 0; j <= this.columnCount; j++) {
      if (this.hiddenInColumn(j) !== 1) continue;
      const candidates: Position[] = [];
      for (let i = 0; i <= this.rowCount; i++) if (!this.hidden(i, j)) candidates.push({ i, j });
      this.hide(this.cheapest(candidates));
      return true;
    }
    return false;
  }

  /**
   * Two lines each with two hidden figures can still give one away (two closed patterns
   * joined by a single hidden figure): find a hidden figure that is a bridge and hide the
   * smallest figure joining its two sides, which puts it on a cycle.
   */
  private fixBridge(): boolean {
    for (let i = 0; i <= this.rowCount; i++) {
      for (let j = 0; j <= this.columnCount; j++) {
        if (!this.hidden(i, j)) continue;
        const rowSide = this.reachable({ i, j }, 'row', i);
        if (rowSide.columns.has(j)) continue;
        const columnSide = this.reachable({ i, j }, 'column', j);
        const candidates: Position[] = [];
        for (const r of rowSide.rows) {
          for (const c of columnSide.columns)
            if (!this.hidden(r, c)) candidates.push({ i: r, j: c });
        }
        for (const r of columnSide.rows) {
          for (const c of rowSide.columns) if (!this.hidden(r, c)) candidates.push({ i: r, j: c });
        }
        // After fixLoneSuppression every line with a hidden figure has two, so both sides
        // hold a row and a column and a joining figure exists; guard anyway.
        if (candidates.length === 0) continue;
        this.hide(this.cheapest(candidates));
        return true;
      }
    }
    return false;
  }

  /** Lines reachable from a start line through hidden figures, not using `skip`. */
  private reachable(
    skip: Position,
    kind: 'row' | 'column',
    start: number,
  ): { rows: Set<number>; columns: Set<number> } {
    const rows = new Set<number>();
    const columns = new Set<number>();
    const queue: { kind: 'row' | 'column'; index: number }[] = [{ kind, index: start }];
    (kind === 'row' ? rows : columns).add(start);
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (next.kind === 'row') {
        for (let c = 0; c <= this.columnCount; c++) {
          if (!this.hidden(next.index, c) || (next.index === skip.i && c === skip.j)) continue;
          if (columns.has(c)) continue;
          columns.add(c);
          queue.push({ kind: 'column', index: c });
        }
      } else {
        for (let r = 0; r <= this.rowCount; r++) {
          if (!this.hidden(r, next.index) || (r === skip.i && next.index === skip.j)) continue;
          if (rows.has(r)) continue;
          rows.add(r);
          queue.push({ kind: 'row', index: r });
        }
      }
    }
    return { rows, columns };
  }

  /**
   * The figure whose hiding costs least: counts before totals (a total hides a whole
   * line); then one that does not leave another line with a lone hidden figure (that would
   * cascade into more hiding); then non-zero before zero (a hidden
   * zero among published zeros tells little, see the decision note); then the smallest
   * value; then reading order.
   */
  private cheapest(candidates: readonly Position[]): Position {
    const rank = (p: Position): number[] => {
      const isTotal = p.i === this.rowCount || p.j === this.columnCount;
      const value = this.value(p.i, p.j);
      const cascades = this.hiddenInRow(p.i) === 0 || this.hiddenInColumn(p.j) === 0 ? 1 : 0;
      return [isTotal ? 1 : 0, cascades, value === 0 ? 1 : 0, value, p.i, p.j];
    };
    let best = candidates[0];
    let bestRank = best === undefined ? [] : rank(best);
    for (const candidate of candidates.slice(1)) {
      const candidateRank = rank(candidate);
      if (compareRanks(candidateRank, bestRank) < 0) {
        best = candidate;
        bestRank = candidateRank;
      }
    }
    if (best === undefined) throw new Error('no figure left to hide');
    return best;
  }

  private hide(p: Position): void {
    const line = this.marks[p.i];
    if (line !== undefined) line[p.j] = 'secondary';
  }
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < a.length; k++) {
    const difference = (a[k] ?? 0) - (b[k] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
