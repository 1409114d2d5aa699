import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../relocation/relocation.ts';
import { detentionDays, isRealDate } from './report-facts.ts';

describe('isRealDate', () => {
  it('knows leap years and month lengths', () => {
    expect(isRealDate('2016-02-29')).toBe(true);
    expect(isRealDate('2017-02-29')).toBe(false);
    expect(isRealDate('2000-02-29')).toBe(true);
    expect(isRealDate('1900-02-29')).toBe(false);
    expect(isRealDate('2017-04-31')).toBe(false);
    expect(isRealDate('2017-12-31')).toBe(true);
    expect(isRealDate('2017-13-01')).toBe(false);
    expect(isRealDate('2017-00-10')).toBe(false);
    expect(isRealDate('2017-01-00')).toBe(false);
    expect(isRealDate('2017-1-01')).toBe(false);
    expect(isRealDate('2017-01-0a')).toBe(false);
    expect(isRealDate('2017/01/01')).toBe(false);
  });

  it('agrees with isCalendarDate', () => {
    const part = (n: number, width: number) => String(n).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const value = `${part(year, 4)}-${part(month, 2)}-${part(day, 2)}`;
          expect(isRealDate(value)).toBe(isCalendarDate(value));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('detentionDays', () => {
  it('counts the first and the last day', () => {
    expect(detentionDays('2017-04-01', '2017-04-01')).toBe(1);
    expect(detentionDays('2017-04-01', '2017-04-21')).toBe(21);
    expect(detentionDays('2016-02-28', '2016-03-01')).toBe(3);
  });
});
