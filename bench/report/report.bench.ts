// bench:report — building reports in packages/vault over 100k synthetic coded acts: the
// seeds table (evacuated, fled, detained, tortured, killed by year) and acts by place ×
// quarter, each with consent, verification checks, warnings and disclosure control;
// against a plain loop counting the same acts by type and year with none of that, in
// the same run. Goal: both reports in under a second.
//
//   npm run bench:report [-- ACTS]        or CORRIDOR_BENCH_ACTS=100000
import { defaultVocabularies } from '@corridor/protocol';
import {
  buildReport,
  type DocumentationDigest,
  ReportDefinitionSchema,
  seedsReportDefinition,
} from '@corridor/vault';
import { compare, quick } from '../lib/harness.ts';
import { syntheticDigests } from './synthetic-digests.ts';

const acts = Number(
  process.argv[2] ?? process.env.CORRIDOR_BENCH_ACTS ?? (quick ? 1_000 : 100_000),
);
const goalMs = 1_000;
const options = { today: '2026-11-26', locale: 'en' } as const;

const started = performance.now();
const digests: DocumentationDigest[] = syntheticDigests(acts);
console.log(
  `built ${digests.length} cases holding ${acts} coded acts in ${(performance.now() - started).toFixed(0)} ms`,
);

const byPlaceAndQuarter = ReportDefinitionSchema.parse({
  title: 'Acts by place and quarter',
  measures: ['acts'],
  rows: 'place',
  columns: 'period',
  period: 'quarter',
  placeDepth: 3,
  from: '2017-01-01',
  to: '2018-12-31',
});

let sink = 0;
const outcome = await compare(
  {
    name: 'two reports',
    run() {
      const seeds = buildReport(seedsReportDefinition, digests, defaultVocabularies, options);
      const places = buildReport(byPlaceAndQuarter, digests, defaultVocabularies, options);
      // Read something of both results, so neither build can be optimised away.
      sink += (seeds.table.protectedTable.rowTotals[0]?.value ?? 0) + places.warnings.length;
    },
  },
  {
    name: 'plain loop',
    run() {
      // The same acts counted by type and year: no consent, checks or suppression.
      const counts = new Map<string, number>();
      for (const digest of digests) {
        for (const event of digest.events) {
          for (const act of event.acts) {
            const key = `${act.type}:${act.startDate.slice(0, 4)}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
        }
      }
      sink += counts.size;
    },
  },
  { operationsPerRound: 1, rounds: quick ? 1 : 7, warmupOperations: 1 },
);

// The machine may be shared: CPU time of the two reports says what they cost apart from
// waiting for a core.
const cpuTimes: number[] = [];
for (let i = 0; i < (quick ? 1 : 3); i++) {
  const before = process.cpuUsage();
  buildReport(seedsReportDefinition, digests, defaultVocabularies, options);
  buildReport(byPlaceAndQuarter, digests, defaultVocabularies, options);
  const used = process.cpuUsage(before);
  cpuTimes.push((used.user + used.system) / 1000);
}
const cpuMs = [...cpuTimes].sort((a, b) => a - b)[cpuTimes.length >> 1] ?? 0;

const ms = outcome.subject.msPerOp;
const baselineMs = outcome.baseline.msPerOp;
const sample = buildReport(seedsReportDefinition, digests, defaultVocabularies, options);
console.log(
  `report: ${acts} acts in ${digests.length} cases — two reports ${ms.toFixed(1)} ms (goal ${goalMs} ms; ${cpuMs.toFixed(0)} ms of CPU), plain loop ${baselineMs.toFixed(1)} ms, ratio ${outcome.ratio.toFixed(2)}; left out for consent ${sample.leftOut.consent.events} events, ${sample.warnings.length} warnings, ${sample.rule.primaryCount + sample.rule.secondaryCount} figures hidden (${sink > 0 ? 'checked' : 'empty'})`,
);
console.log(
  JSON.stringify({
    bench: 'report',
    acts,
    ms: Number(ms.toFixed(1)),
    ratio: Number(outcome.ratio.toFixed(3)),
    goalMs,
    baseline: outcome.baseline.name,
    baselineMs: Number(baselineMs.toFixed(2)),
    cpuMs: Number(cpuMs.toFixed(1)),
  }),
);
