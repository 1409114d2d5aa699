// bench:unlock — from "keys unwrapped" to "every case decrypted, chain-checked and
// searchable", in packages/vault on Node, against decrypting the same payloads alone on
// one thread with decryptRecord (the typed call over libsodium; only packages/crypto may
// import libsodium itself). Compartment keys are opened before the clock starts, and
// timed apart. Ed25519 signatures are verified afterwards on the same workers;
// `verifiedMs` is the time until that is done too, from the same start.
//
//   npm run bench:unlock [-- CASES]        or CORRIDOR_BENCH_CASES=100000
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  decryptRecord,
  fromBase64,
  generateBoxKeyPair,
  generateSignKeyPair,
  initCrypto,
  type RecordKey,
  toBase64,
} from '@corridor/crypto';
import { createNodeUnlockWorkers } from '@corridor/vault/node-workers';
import { quick } from '../lib/harness.ts';
import type { BuildRequest, BuiltBatch } from './build-cases.ts';
import { timeUnlock } from './time-unlock.ts';

await initCrypto();
const cases = Number(process.argv[2] ?? process.env.CORRIDOR_BENCH_CASES ?? (quick ? 40 : 10_000));
const batchSize = quick ? 20 : 250;
const threads = Math.max(1, Math.min(availableParallelism(), 8));
const rounds = quick ? 1 : cases <= 20_000 ? 3 : 1;

const team = { id: 'team-hotline', name: 'Hotline', keys: generateBoxKeyPair() };
const authors = ['nadia', 'timur', 'dasha'].map((id) => ({ id, sign: generateSignKeyPair() }));

// The caseload, built on every core.
const started = performance.now();
const share = Math.ceil(cases / threads / batchSize) * batchSize;
const built: BuiltBatch[] = (
  await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const request: BuildRequest = {
        seed: i + 1,
        cases: Math.max(0, Math.min(share, cases - i * share)),
        batchSize,
        team,
        authors,
      };
      const worker = new Worker(new URL('./build-worker-start.mjs', import.meta.url), {
        workerData: request,
      });
      return new Promise<BuiltBatch[]>((resolve, reject) => {
        worker.once('message', (batches: BuiltBatch[]) => {
          resolve(batches);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    }),
  )
).flat();
const batches = built.map((batch) => batch.json);
console.log(
  `built ${cases} cases (${(batches.reduce((n, b) => n + b.length, 0) / 1e6).toFixed(0)} MB of JSON) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

/** libsodium alone: every payload of the caseload decrypted once, on this thread. */
function raw(): number {
  let total = 0;
  for (const batch of built) {
    const details = JSON.parse(batch.json) as {
      summary: { id: string };
      events: { seq: number; compartment: string; payload: string }[];
    }[];
    const work: { key: RecordKey; envelope: Uint8Array; caseId: string; kind: string }[] = [];
    for (const detail of details) {
      for (const event of detail.events) {
        const key = batch.keys[detail.summary.id]?.[event.compartment];
        if (!key) throw new Error('no key for a payload');
        work.push({
          key,
          envelope: fromBase64(event.payload),
          caseId: detail.summary.id,
          kind: `event/${event.compartment}/${event.seq}`,
        });
      }
    }
    const start = performance.now();
    for (const item of work) decryptRecord(item.key, item.envelope, item);
    total += performance.now() - start;
  }
  return total;
}

const ring = new Map([[team.id, new Map([[1, team.keys]])]]);
const signKeys = new Map(authors.map((a) => [a.id, toBase64(a.sign.publicKey)]));

/** One unlock on fresh workers; verifies signatures and times searches when asked. */
const unlock = (last: boolean) =>
  timeUnlock(
    () => createNodeUnlockWorkers(threads),
    ring,
    batches,
    cases,
    async (accountId) => signKeys.get(accountId) ?? '',
    last,
    last ? (quick ? 1 : 5) : 0,
  );

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const rawTimes: number[] = [];
const runs: Awaited<ReturnType<typeof unlock>>[] = [];
for (let r = 0; r < rounds; r++) {
  // Alternate which goes first, so neither always meets the warmer machine.
  if (r % 2 === 0) rawTimes.push(raw());
  runs.push(await unlock(r === rounds - 1));
  if (r % 2 === 1) rawTimes.push(raw());
}
if (rawTimes.length < runs.length) rawTimes.push(raw());
// A returning member: the heads verified at the last unlock are vouched for, so only
// events since (none here) need their signatures checked.
const returning = await timeUnlock(
  () => createNodeUnlockWorkers(threads),
  ring,
  batches,
  cases,
  async (accountId) => signKeys.get(accountId) ?? '',
  true,
  0,
  runs.at(-1)?.heads,
);

const ms = median(runs.map((run) => run.ms));
const rawMs = median(rawTimes);
const last = runs.at(-1);
const searchTimes = last?.searchMs ?? [];
const hits = last?.hits ?? 0;
const round = (n: number) => Number(n.toFixed(1));
console.log(
  `unlock: ${cases} cases (${last?.events} events) on ${threads} workers — ${round(ms)} ms to searchable (libsodium alone ${round(rawMs)} ms, ratio ${(ms / rawMs).toFixed(2)}), ${round(last?.verifiedMs ?? 0)} ms until every signature is verified (${round(returning.verifiedMs)} ms for a returning member, whose verified heads vouch for what was checked before); before that: workers start ${round(median(runs.map((x) => x.startMs)))} ms, parse and open compartment keys ${round(median(runs.map((x) => x.keysMs)))} ms; search ${median(searchTimes).toFixed(2)} ms median, ${Math.max(...searchTimes).toFixed(2)} ms max (${hits} hits)`,
);
console.log(
  JSON.stringify({
    bench: 'unlock',
    cases,
    ms: round(ms),
    rawMs: round(rawMs),
    ratio: Number((ms / rawMs).toFixed(3)),
    verifiedMs: round(last?.verifiedMs ?? 0),
    verifiedReturningMs: round(returning.verifiedMs),
  }),
);
