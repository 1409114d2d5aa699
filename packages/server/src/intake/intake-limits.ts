/**
 * Fixed-window counters in memory: per client address and in total. Addresses are never
 * stored or logged; the map is bounded so a flood from many addresses cannot grow it
 * without end (when full, the oldest windows are dropped first).
 */
export class WindowLimit {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly maxKeys = 50_000,
  ) {}

  /** Counts one hit for `key`; false when `key` is already at its limit (the hit is not counted). */
  take(key: string, now: number): boolean {
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.#windows.delete(key);
      if (this.#windows.size >= this.maxKeys) {
        const oldest = this.#windows.keys().next().value;
        if (oldest !== undefined) this.#windows.delete(oldest);
      }
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.max) return false;
    window.count += 1;
    return true;
  }
}

/** Submissions and code look-ups per address and in total; stricter without proof of work. */
export interface PublicIntakeLimits {
  /** Messages per address per 10 minutes with a solved proof of work. */
  readonly withProofPerAddress: number;
  /** Messages per address per 10 minutes without one (JavaScript off). */
  readonly withoutProofPerAddress: number;
  /** Messages per minute from everyone with a proof of work. */
  readonly withProofGlobal: number;
  /** Messages per minute from everyone without one. */
  readonly withoutProofGlobal: number;
  /** Receipt-code look-ups (each a key derivation) per address per 10 minutes. */
  readonly lookupsPerAddress: number;
  /** Receipt-code look-ups per minute from everyone. */
  readonly lookupsGlobal: number;
}

export const defaultPublicIntakeLimits: PublicIntakeLimits = {
  withProofPerAddress: 30,
  withoutProofPerAddress: 10,
  withProofGlobal: 600,
  withoutProofGlobal: 60,
  lookupsPerAddress: 30,
  lookupsGlobal: 300,
};

export interface IntakeLimiter {
  /** False when this message must be refused (`rate_limited`). */
  message(address: string, proved: boolean, now: number): boolean;
  /** False when this code look-up must be refused. */
  lookup(address: string, now: number): boolean;
}

export function createIntakeLimiter(limits: PublicIntakeLimits): IntakeLimiter {
  const tenMinutes = 10 * 60_000;
  const proved = new WindowLimit(limits.withProofPerAddress, tenMinutes);
  const unproved = new WindowLimit(limits.withoutProofPerAddress, tenMinutes);
  const provedAll = new WindowLimit(limits.withProofGlobal, 60_000, 1);
  const unprovedAll = new WindowLimit(limits.withoutProofGlobal, 60_000, 1);
  const lookups = new WindowLimit(limits.lookupsPerAddress, tenMinutes);
  const lookupsAll = new WindowLimit(limits.lookupsGlobal, 60_000, 1);
  return {
    message: (address, withProof, now) =>
      withProof
        ? proved.take(address, now) && provedAll.take('*', now)
        : unproved.take(address, now) && unprovedAll.take('*', now),
    lookup: (address, now) => lookups.take(address, now) && lookupsAll.take('*', now),
  };
}
