import { describe, expect, it } from 'vitest';
import { byteRange } from './byte-range.ts';

describe('reading a Range header', () => {
  const size = 1000;
  it.each([
    ['no header', undefined, { start: 0, end: 999, partial: false }],
    ['from an offset to the end', 'bytes=100-', { start: 100, end: 999, partial: true }],
    ['a closed range', 'bytes=0-99', { start: 0, end: 99, partial: true }],
    [
      'a range running past the end, cut to it',
      'bytes=900-5000',
      { start: 900, end: 999, partial: true },
    ],
    ['the last bytes', 'bytes=-10', { start: 990, end: 999, partial: true }],
    ['more last bytes than there are', 'bytes=-5000', { start: 0, end: 999, partial: true }],
    ['several ranges, ignored', 'bytes=0-1,5-6', { start: 0, end: 999, partial: false }],
    ['another unit, ignored', 'items=0-1', { start: 0, end: 999, partial: false }],
    ['a backwards range, ignored', 'bytes=50-10', { start: 0, end: 999, partial: false }],
    ['no numbers, ignored', 'bytes=-', { start: 0, end: 999, partial: false }],
  ])('%s', (_label, header, expected) => {
    expect(byteRange(header, size)).toEqual(expected);
  });

  it.each([
    ['starting at the end', 'bytes=1000-'],
    ['starting past the end', 'bytes=2000-3000'],
    ['the last zero bytes', 'bytes=-0'],
  ])('refuses a range %s as unsatisfiable', (_label, header) => {
    expect(byteRange(header, size)).toBe('unsatisfiable');
  });
});
