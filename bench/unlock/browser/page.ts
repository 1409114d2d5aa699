// The bench page: from "compartment keys unwrapped" to "every case chain-checked,
// decrypted and searchable" on Web Workers (one per core), against decrypting the same
// records alone on the page's thread with decryptRecord; then every signature verified.
// Everything stays in this page's memory: nothing is stored, this is case plaintext.
import {
  asBoxPublicKey,
  asSymmetricKey,
  type BoxKeyPair,
  decryptRecord,
  fromBase64,
  initCrypto,
  type RecordKey,
} from '@corridor/crypto';
import type { TeamKeyring } from '@corridor/vault';
import { createWebUnlockWorkers } from '@corridor/vault/web-workers';
import { timeUnlock } from '../time-unlock.ts';
import type { BenchData, PageResult } from './bench-data.ts';

interface Work {
  readonly key: RecordKey;
  readonly envelope: Uint8Array;
  readonly caseId: string;
  readonly kind: string;
}

/** decryptRecord alone: every payload of the caseload decrypted once, on this thread. */
function raw(data: BenchData, batches: readonly string[]): number {
  let total = 0;
  for (const [batch, json] of batches.entries()) {
    const keys = data.keys[batch] ?? {};
    const details = JSON.parse(json) as {
      summary: { id: string };
      events: { seq: number; compartment: string; payload: string }[];
    }[];
    const work: Work[] = [];
    for (const detail of details) {
      for (const event of detail.events) {
        const key = keys[detail.summary.id]?.[event.compartment];
        if (!key) throw new Error('no key for a payload');
        work.push({
          key: asSymmetricKey('record', fromBase64(key)),
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

/** One unlock on fresh Web Workers; verifies signatures and times searches when asked. */
const unlock = (
  data: BenchData,
  batches: readonly string[],
  ring: TeamKeyring,
  threads: number,
  last: boolean,
) =>
  timeUnlock(
    () => createWebUnlockWorkers(threads),
    ring,
    batches,
    data.cases,
    async (accountId) => data.signKeys[accountId] ?? '',
    last,
    last ? data.searchRounds : 0,
  );

async function run(): Promise<PageResult> {
  await initCrypto();
  const data = (await (await fetch('/meta.json')).json()) as BenchData;
  const batches = await Promise.all(
    Array.from({ length: data.batches }, async (_, batch) => {
      const response = await fetch(`/batch/${batch}`);
      if (!response.ok) throw new Error(`batch ${batch}: ${response.status}`);
      return response.text();
    }),
  );
  const threads = data.threads || Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8));
  const team: BoxKeyPair = {
    publicKey: asBoxPublicKey(fromBase64(data.team.publicKey)),
    // crypto exports no asBoxSecretKey: these are the team keys made for this run.
    secretKey: fromBase64(data.team.secretKey) as BoxKeyPair['secretKey'],
  };
  const ring: TeamKeyring = new Map([[data.team.id, new Map([[1, team]])]]);
  console.log(`page: ${data.cases} cases in ${batches.length} batches, ${threads} workers`);

  const rawMs: number[] = [];
  const runs: Awaited<ReturnType<typeof unlock>>[] = [];
  for (let r = 0; r < data.rounds; r++) {
    // Alternate which goes first, so neither always meets the warmer machine.
    if (r % 2 === 0) rawMs.push(raw(data, batches));
    runs.push(await unlock(data, batches, ring, threads, r === data.rounds - 1));
    if (r % 2 === 1) rawMs.push(raw(data, batches));
    console.log(
      `page: round ${r + 1}: ${runs.at(-1)?.ms.toFixed(1)} ms, raw ${rawMs.at(-1)?.toFixed(1)} ms`,
    );
  }
  if (rawMs.length < runs.length) rawMs.push(raw(data, batches));
  // A returning member: the last unlock's heads vouch for what it verified.
  const returning = await timeUnlock(
    () => createWebUnlockWorkers(threads),
    ring,
    batches,
    data.cases,
    async (accountId) => data.signKeys[accountId] ?? '',
    true,
    0,
    runs.at(-1)?.heads,
  );

  return {
    cases: data.cases,
    events: runs.at(-1)?.events ?? 0,
    threads,
    ms: runs.map((x) => x.ms),
    rawMs,
    verifiedMs: runs.at(-1)?.verifiedMs ?? Number.NaN,
    verifiedReturningMs: returning.verifiedMs,
    startMs: runs.map((x) => x.startMs),
    keysMs: runs.map((x) => x.keysMs),
    searchMs: runs.at(-1)?.searchMs ?? [],
    hits: runs.at(-1)?.hits ?? 0,
  };
}

// The bench calls this through Playwright once the page has loaded.
(globalThis as { corridorBench?: () => Promise<PageResult> }).corridorBench = run;
