/** The bytes to send of content of `size` bytes, `start` to `end` inclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
  /** True when it answers a Range header: 206 with Content-Range. */
  readonly partial: boolean;
}

const single = /^bytes=(\d*)-(\d*)$/;

/**
 * Reads a `Range` header (RFC 9110 §14.1.2) for content of `size` bytes (at least one).
 * One range only: `a-b`, `a-` or the suffix `-n`. A header this does not understand —
 * several ranges, another unit, bad syntax — is ignored (the whole content, as §14.2
 * allows); a range wholly past the end is `unsatisfiable` (416).
 */
export function byteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' {
  const whole = { start: 0, end: size - 1, partial: false };
  const match = header === undefined ? null : single.exec(header.trim());
  if (!match) return whole;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return whole;
  if (first === '') {
    // The last n bytes; asking for more than there is gives all of it.
    const count = Number(last);
    if (count === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - count), end: size - 1, partial: true };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return whole;
  if (start >= size) return 'unsatisfiable';
  return { start, end, partial: true };
}
