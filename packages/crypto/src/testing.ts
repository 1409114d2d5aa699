// Helpers for this package's tests only (not exported from the package).

/** Every copy of `bytes` with exactly one bit flipped, with the position flipped. */
export function* everyBitFlip(bytes: Uint8Array): Generator<[Uint8Array, number]> {
  for (let i = 0; i < bytes.length * 8; i++) {
    const copy = bytes.slice();
    copy[i >> 3] = (copy[i >> 3] as number) ^ (1 << (i & 7));
    yield [copy, i];
  }
}

/** Runs `fn` and returns the `code` of the error it throws, or 'no error'. */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return (error as { code?: string }).code ?? `untyped ${String(error)}`;
  }
}
