// Waiting for the alarm sweep in the check-in tests.

/** Polls `read` until `check` passes (the tests' sweep runs every few tens of ms). */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > until) throw new Error(`never happened: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
