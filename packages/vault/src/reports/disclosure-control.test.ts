// Disclosure control against tables worked out by hand, and properties on random tables:
// no line ever has exactly one hidden figure, and no hidden figure can be solved for from
// the published ones (checked by linear algebra, independently of the bridge argument the
// module uses).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CountTable,
  DisclosureControlError,
  type ProtectedCell,
  type ProtectedTable,
  protectTable,
  roundToBase5,
} from './disclosure-control.ts';

function table(counts: number[][]): CountTable {
  return {
    rows: counts.map((_, i) => `r${i}`),
    columns: (counts[0] ?? []).map((_, j) => `c${j}`),
    counts,
  };
}

/** The protected table with its margins as one grid, like the module sees it. */
function grid(result: ProtectedTable): ProtectedCell[][] {
  const rows = result.cells.map((line, i) => [...line, result.rowTotals[i] as ProtectedCell]);
  rows.push([...result.columnTotals, result.grandTotal]);
  return rows;
}

/** A compact picture: numbers published, 'p' / 's' hidden. */
function picture(result: ProtectedTable): (number | 'p' | 's')[][] {
  return grid(result).map((line) =>
    line.map((cell) =>
      cell.suppressed === 'primary'
        ? 'p'
        : cell.suppressed === 'secondary'
          ? 's'
          : (cell.value ?? 0),
    ),
  );
}

/** What naive suppression would publish: the secondary figures shown again. */
function withoutSecondary(result: ProtectedTable): ProtectedTable {
  const show = (cell: ProtectedCell): ProtectedCell =>
    cell.suppressed === 'secondary' ? { value: 0, suppressed: null } : cell;
  return {
    ...result,
    cells: result.cells.map((line) => line.map(show)),
    rowTotals: result.rowTotals.map(show),
    columnTotals: result.columnTotals.map(show),
    grandTotal: show(result.grandTotal),
  };
}

/** Lines (rows and columns of the grid with margins) that hide exactly one figure. */
function linesWithLoneHidden(result: ProtectedTable): string[] {
  const g = grid(result);
  const lone: string[] = [];
  g.forEach((line, i) => {
    if (line.filter((cell) => cell.suppressed !== null).length === 1) lone.push(`row ${i}`);
  });
  (g[0] ?? []).forEach((_, j) => {
    if (g.filter((line) => line[j]?.suppressed !== null).length === 1) lone.push(`column ${j}`);
  });
  return lone;
}

/**
 * Hidden figures an attacker can solve for exactly: the grid's line equations ("cells add
 * up to the total") restricted to the unknowns; unknown k is determined iff the unit vector
 * e_k lies in the row space, i.e. adding it does not raise the rank.
 */
function derivableHidden(result: ProtectedTable): [number, number][] {
  const g = grid(result);
  const unknowns: [number, number][] = [];
  g.forEach((line, i) => {
    line.forEach((cell, j) => {
      if (cell.suppressed !== null) unknowns.push([i, j]);
    });
  });
  const lastRow = g.length - 1;
  const lastColumn = (g[0]?.length ?? 1) - 1;
  const equations: number[][] = [];
  const sign = (inLine: number, last: number) => (inLine === last ? -1 : 1);
  for (let i = 0; i <= lastRow; i++) {
    equations.push(unknowns.map(([r, c]) => (r === i ? sign(c, lastColumn) : 0)));
  }
  for (let j = 0; j <= lastColumn; j++) {
    equations.push(unknowns.map(([r, c]) => (c === j ? sign(r, lastRow) : 0)));
  }
  const base = rank(equations);
  return unknowns.filter((_, k) => {
    const unit = unknowns.map((__, m) => (m === k ? 1 : 0));
    return rank([...equations, unit]) === base;
  });
}

function rank(matrix: number[][]): number {
  const m = matrix.map((line) => [...line]);
  const width = m[0]?.length ?? 0;
  let r = 0;
  for (let c = 0; c < width && r < m.length; c++) {
    let pivot = r;
    for (let k = r; k < m.length; k++) {
      if (Math.abs(m[k]?.[c] ?? 0) > Math.abs(m[pivot]?.[c] ?? 0)) pivot = k;
    }
    if (Math.abs(m[pivot]?.[c] ?? 0) < 1e-9) continue;
    [m[r], m[pivot]] = [m[pivot] as number[], m[r] as number[]];
    const pivotRow = m[r] as number[];
    for (let k = 0; k < m.length; k++) {
      const line = m[k] as number[];
      if (k === r) continue;
      const factor = (line[c] ?? 0) / (pivotRow[c] ?? 1);
      if (factor === 0) continue;
      for (let x = c; x < width; x++) line[x] = (line[x] ?? 0) - factor * (pivotRow[x] ?? 0);
    }
    r += 1;
  }
  return r;
}

describe('protectTable', () => {
  it('hides only the small counts when they already protect each other', () => {
    // Rows 13, 17, 30; columns 14, 16, 30; grand 60. The four small counts form a closed
    // 2×2 block: each row and column with one hidden count has another.
    const result = protectTable(
      table([
        [1, 2, 10],
        [3, 4, 10],
        [10, 10, 10],
      ]),
    );
    expect(picture(result)).toEqual([
      ['p', 'p', 10, 13],
      ['p', 'p', 10, 17],
      [10, 10, 10, 30],
      [14, 16, 30, 60],
    ]);
    expect(result.rule).toEqual({
      threshold: 5,
      rounding: 'none',
      zerosPublished: true,
      primaryCount: 4,
      secondaryCount: 0,
    });
    expect(derivableHidden(result)).toEqual([]);
  });

  it('hides further cells where primary suppression alone lets a count be worked out', () => {
    const counts = [
      [3, 8, 12],
      [9, 15, 20],
      [11, 6, 30],
    ];
    // Naive: hide only the 3. Row 0 totals 23 and shows 8 and 12, so the 3 is 23 − 8 − 12.
    // Protected: row 0 hides its next smallest, 8; column 0 then has a lone hidden count and
    // hides 9; row 1 then hides 15, which column 1 (already hiding 8) accepts. A closed 2×2.
    const result = protectTable(table(counts));
    expect(picture(result)).toEqual([
      ['p', 's', 12, 23],
      ['s', 's', 20, 44],
      [11, 6, 30, 47],
      [23, 29, 62, 114],
    ]);
    expect(result.rule.secondaryCount).toBe(3);
    const naive = withoutSecondary(result);
    expect(linesWithLoneHidden(naive)).toEqual(['row 0', 'column 0']);
    expect(derivableHidden(naive)).toEqual([[0, 0]]);
    expect(linesWithLoneHidden(result)).toEqual([]);
    // Rows give 3+8 = 11, 9+15 = 24; columns 3+9 = 12, 8+15 = 23: one free unknown.
    expect(derivableHidden(result)).toEqual([]);
  });

  it('closes a hidden count that every line protects but two blocks still give away', () => {
    // Two closed 2×2 blocks of small counts joined by one small count at (0, 2): every line
    // with a hidden count has two or more, yet (0, 2) = (col 2 hidden) + (col 3 hidden) −
    // (rows 2 and 3 hidden) = (57 − 50) + (106 − 40 − 60) − ((53 − 50) + (157 − 150)) = 3.
    const counts = [
      [1, 2, 3, 40],
      [2, 1, 50, 60],
      [30, 20, 1, 2],
      [70, 80, 3, 4],
    ];
    const protectedTable = protectTable(table(counts));
    expect(protectedTable.rule.primaryCount).toBe(9);
    // It hides the smallest count joining the two blocks: 20 at (2, 1), out of 40, 50, 60,
    // 30, 20, 70, 80.
    expect(picture(protectedTable)).toEqual([
      ['p', 'p', 'p', 40, 46],
      ['p', 'p', 50, 60, 113],
      [30, 's', 'p', 'p', 53],
      [70, 80, 'p', 'p', 157],
      [103, 103, 57, 106, 369],
    ]);
    expect(derivableHidden(protectedTable)).toEqual([]);
    // Without that one secondary figure, no line has a lone hidden count, yet (0, 2) is known.
    const naive = withoutSecondary(protectedTable);
    expect(linesWithLoneHidden(naive)).toEqual([]);
    expect(derivableHidden(naive)).toEqual([[0, 2]]);
  });

  it('uses the threshold it is given', () => {
    // Below 10: 3, 8, 9, 6. Row 1 hides 15 (column 1 already hides two), row 2 hides 11.
    const result = protectTable(
      table([
        [3, 8, 12],
        [9, 15, 20],
        [11, 6, 30],
      ]),
      { threshold: 10 },
    );
    expect(picture(result)).toEqual([
      ['p', 'p', 12, 23],
      ['p', 's', 20, 44],
      ['s', 'p', 30, 47],
      [23, 29, 62, 114],
    ]);
    expect(result.rule).toMatchObject({ threshold: 10, primaryCount: 4, secondaryCount: 2 });
    expect(derivableHidden(result)).toEqual([]);
  });

  it('rounds published counts and totals to base 5, totals taken before rounding', () => {
    const plain = protectTable(
      table([
        [12, 7],
        [23, 41],
      ]),
      { rounding: 'base5' },
    );
    // Unrounded: 12 7 | 19, 23 41 | 64, totals 35 48 | 83.
    expect(picture(plain)).toEqual([
      [10, 5, 20],
      [25, 40, 65],
      [35, 50, 85],
    ]);
    expect(plain.rule.rounding).toBe('base5');

    // With hiding: 2 and 4 are small; row 0 hides 7, row 1 hides 22 (column 2 then has
    // two). Totals 22, 44; 6, 31, 29; 66 — rounded after being summed from raw counts.
    const hidden = protectTable(
      table([
        [2, 13, 7],
        [4, 18, 22],
      ]),
      { rounding: 'base5' },
    );
    expect(picture(hidden)).toEqual([
      ['p', 15, 's', 20],
      ['p', 20, 's', 45],
      [5, 30, 30, 65],
    ]);
    expect(derivableHidden(hidden)).toEqual([]);
  });

  it('rounds to the nearest 5, never meeting a tie with whole counts', () => {
    expect([0, 1, 2, 3, 4, 5, 7, 8, 12, 13, 83].map(roundToBase5)).toEqual([
      0, 0, 0, 5, 5, 5, 5, 10, 10, 15, 85,
    ]);
  });

  it('hides every small figure in an all-small table, totals too', () => {
    // Rows 3, 4 and columns 4, 3 are small themselves; the grand total 7 is not.
    const result = protectTable(
      table([
        [1, 2],
        [3, 1],
      ]),
    );
    expect(picture(result)).toEqual([
      ['p', 'p', 'p'],
      ['p', 'p', 'p'],
      ['p', 'p', 7],
    ]);
    expect(derivableHidden(result)).toEqual([]);

    const tiny = protectTable(
      table([
        [1, 1],
        [1, 1],
      ]),
    );
    expect(picture(tiny).flat()).toEqual(Array(9).fill('p'));
  });

  it('hides another cell and the column totals in a one-row table', () => {
    // One row: each column total equals its only cell, so hiding the 3 means hiding its
    // column total; the row needs a second hidden count (20), whose column total is then
    // the only other figure in its column and goes too.
    const result = protectTable({
      rows: ['Argun'],
      columns: ['detained', 'tortured', 'killed'],
      counts: [[20, 3, 30]],
    });
    expect(picture(result)).toEqual([
      ['s', 'p', 30, 53],
      ['s', 'p', 30, 53],
    ]);
    expect(result.columnTotals[1]).toEqual({ value: null, suppressed: 'primary' });
    expect(linesWithLoneHidden(result)).toEqual([]);
    expect(derivableHidden(result)).toEqual([]);
  });

  it('publishes zeros and treats them as no disclosure', () => {
    const result = protectTable(
      table([
        [0, 12],
        [7, 0],
      ]),
    );
    expect(picture(result)).toEqual([
      [0, 12, 12],
      [7, 0, 7],
      [7, 12, 19],
    ]);
    expect(result.rule.zerosPublished).toBe(true);
  });

  it('refuses tables it cannot protect', () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(DisclosureControlError);
        return (error as DisclosureControlError).code;
      }
      return 'none';
    };
    expect(code(() => protectTable({ rows: [], columns: [], counts: [] }))).toBe('empty_table');
    expect(code(() => protectTable({ rows: ['a'], columns: ['x', 'y'], counts: [[1]] }))).toBe(
      'shape_mismatch',
    );
    expect(code(() => protectTable(table([[1, -1]])))).toBe('invalid_count');
    expect(code(() => protectTable(table([[1.5, 2]])))).toBe('invalid_count');
    expect(code(() => protectTable(table([[Number.NaN]])))).toBe('invalid_count');
    expect(code(() => protectTable(table([[1]]), { threshold: 0 }))).toBe('invalid_threshold');
    expect(code(() => protectTable(table([[1]]), { threshold: 2.5 }))).toBe('invalid_threshold');
  });
});

describe('protectTable on random tables', () => {
  // Small counts often, so tables have many hidden figures; up to 6 × 6.
  const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 }));
  const counts = fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
    .chain(([rows, columns]) =>
      fc.array(fc.array(count, { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
    );
  const options = fc.record({
    threshold: fc.integer({ min: 1, max: 12 }),
    rounding: fc.constantFrom('none' as const, 'base5' as const),
  });

  it('never leaves a row or column with exactly one hidden figure', () => {
    fc.assert(
      fc.property(counts, options, (c, o) => {
        expect(linesWithLoneHidden(protectTable(table(c), o))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves a hidden figure that can be solved for from published ones', () => {
    fc.assert(
      fc.property(counts, options, (c, o) => {
        expect(derivableHidden(protectTable(table(c), o))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('hides every non-zero figure below the threshold and publishes the rest faithfully', () => {
    fc.assert(
      fc.property(counts, options, (c, o) => {
        const result = protectTable(table(c), o);
        const rowTotals = c.map((line) => line.reduce((a, b) => a + b, 0));
        const columnTotals = (c[0] ?? []).map((_, j) =>
          c.reduce((a, line) => a + (line[j] ?? 0), 0),
        );
        const raw = [
          ...c.map((line, i) => [...line, rowTotals[i] ?? 0]),
          [...columnTotals, rowTotals.reduce((a, b) => a + b, 0)],
        ];
        const g = grid(result);
        raw.forEach((line, i) => {
          line.forEach((value, j) => {
            const cell = g[i]?.[j] as ProtectedCell;
            if (value > 0 && value < o.threshold) expect(cell.suppressed).toBe('primary');
            else expect(cell.suppressed).not.toBe('primary');
            if (cell.suppressed === null) {
              expect(cell.value).toBe(o.rounding === 'base5' ? roundToBase5(value) : value);
            } else {
              expect(cell.value).toBeNull();
            }
          });
        });
      }),
      { numRuns: 300 },
    );
  });
});
