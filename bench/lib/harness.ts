/**
 * A benchmark measures a subject against a baseline in the same run, on the same
 * machine, interleaving their rounds so background load hits both alike; it reports
 * the ratio, never a bare time to compare across machines.
 */
export interface Contender {
  readonly name: string;
  /** One operation. */
  run(): void | Promise<void>;
}

export interface Result {
  readonly name: string;
  /** Median over rounds of the mean time of one operation, in milliseconds. */
  readonly msPerOp: number;
}

export interface BenchOptions {
  readonly operationsPerRound: number;
  readonly rounds: number;
  readonly warmupOperations?: number;
}

/**
 * Set by the smoke test in npm test: one short round each, to prove a benchmark still
 * runs and prints its line. Its figures mean nothing.
 */
export const quick = process.env.CORRIDOR_BENCH_QUICK === '1';

async function round(contender: Contender, operations: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < operations; i++) await contender.run();
  return (performance.now() - start) / operations;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

export async function compare(
  subject: Contender,
  baseline: Contender,
  options: BenchOptions,
): Promise<{ subject: Result; baseline: Result; ratio: number }> {
  if (quick)
    options = {
      operationsPerRound: Math.max(1, Math.floor(options.operationsPerRound / 100)),
      rounds: 1,
      warmupOperations: 0,
    };
  const warmup = options.warmupOperations ?? Math.ceil(options.operationsPerRound / 10);
  await round(subject, warmup);
  await round(baseline, warmup);
  const times = { subject: [] as number[], baseline: [] as number[] };
  for (let r = 0; r < options.rounds; r++) {
    // Alternate which goes first, so neither always gets the warmer cache.
    if (r % 2 === 0) {
      times.subject.push(await round(subject, options.operationsPerRound));
      times.baseline.push(await round(baseline, options.operationsPerRound));
    } else {
      times.baseline.push(await round(baseline, options.operationsPerRound));
      times.subject.push(await round(subject, options.operationsPerRound));
    }
  }
  const s = { name: subject.name, msPerOp: median(times.subject) };
  const b = { name: baseline.name, msPerOp: median(times.baseline) };
  return { subject: s, baseline: b, ratio: s.msPerOp / b.msPerOp };
}

/** Prints the human line and then the final JSON line that tools read. */
export function report(
  bench: string,
  outcome: { subject: Result; baseline: Result; ratio: number },
  extra: Record<string, unknown> = {},
): void {
  const { subject, baseline, ratio } = outcome;
  console.log(
    `${bench}: ${subject.name} ${subject.msPerOp.toFixed(4)} ms/op, baseline ${baseline.name} ${baseline.msPerOp.toFixed(4)} ms/op, ratio ${ratio.toFixed(2)}`,
  );
  console.log(
    JSON.stringify({
      bench,
      subject: subject.name,
      subject_ms_per_op: Number(subject.msPerOp.toFixed(5)),
      baseline: baseline.name,
      baseline_ms_per_op: Number(baseline.msPerOp.toFixed(5)),
      ratio: Number(ratio.toFixed(3)),
      ...extra,
    }),
  );
}
