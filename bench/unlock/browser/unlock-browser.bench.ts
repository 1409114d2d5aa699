// bench:unlock:browser — bench:unlock in real headless Chromium: from "compartment keys
// unwrapped" to "every case chain-checked, decrypted and searchable" on Web Workers (one
// per core, packages/vault's createWebUnlockWorkers), against decrypting the same records
// alone on the page's thread with decryptRecord, bundled as the staff app bundles them.
// `verifiedMs` is the time until every signature is verified too, from the same start.
// The caseload is built here in Node (as bench:unlock builds it) and served, with the
// page, from memory on 127.0.0.1; the page keeps it in memory only.
//
//   npm run bench:unlock:browser [-- CASES]        or CORRIDOR_BENCH_CASES=100000
import { existsSync } from 'node:fs';
import { generateBoxKeyPair, generateSignKeyPair, initCrypto, toBase64 } from '@corridor/crypto';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../../../e2e/support/browser.ts';
import { quick } from '../../lib/harness.ts';
import type { BenchData, PageResult } from './bench-data.ts';
import { buildCaseload } from './build-caseload.ts';
import { bundlePage } from './bundle-page.ts';
import { serveBench } from './serve-bench.ts';

await initCrypto();
const cases = Number(process.argv[2] ?? process.env.CORRIDOR_BENCH_CASES ?? (quick ? 40 : 10_000));
const batchSize = quick ? 20 : 250;
const rounds = quick ? 1 : cases <= 20_000 ? 3 : 1;
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

const team = { id: 'team-hotline', name: 'Hotline', keys: generateBoxKeyPair() };
const authors = ['nadia', 'timur', 'dasha'].map((id) => ({ id, sign: generateSignKeyPair() }));

let started = performance.now();
const [built, bundle] = await Promise.all([
  buildCaseload({ batchSize, team, authors }, cases),
  bundlePage(),
]);
const batches = built.map((batch) => batch.json);
console.log(
  `built ${cases} cases (${(batches.reduce((n, b) => n + b.length, 0) / 1e6).toFixed(0)} MB of JSON) and the page in ${seconds(started)} s`,
);

const data: BenchData = {
  cases,
  batches: batches.length,
  rounds,
  searchRounds: quick ? 1 : 5,
  threads: 0,
  team: {
    id: team.id,
    publicKey: toBase64(team.keys.publicKey),
    secretKey: toBase64(team.keys.secretKey),
  },
  signKeys: Object.fromEntries(authors.map((a) => [a.id, toBase64(a.sign.publicKey)])),
  keys: built.map((batch) =>
    Object.fromEntries(
      Object.entries(batch.keys).map(([caseId, keys]) => [
        caseId,
        Object.fromEntries(Object.entries(keys).map(([c, key]) => [c, toBase64(key)])),
      ]),
    ),
  ),
};

if (!existsSync(chromiumPath)) {
  throw new Error(`Chromium is not installed at ${chromiumPath} (or set CORRIDOR_CHROMIUM)`);
}
const server = await serveBench(bundle, data, batches);
// The e2e flags (e2e/support/browser.ts): no phoning home, runs as root.
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let result: PageResult;
try {
  const page = await browser.newPage();
  page.on('console', (message) => console.log(message.text()));
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(server.url);
  await page.waitForFunction(() => 'corridorBench' in globalThis);
  started = performance.now();
  result = await page.evaluate(() =>
    (globalThis as unknown as { corridorBench: () => Promise<PageResult> }).corridorBench(),
  );
  console.log(`page run took ${seconds(started)} s`);
} finally {
  await browser.close();
  await server.close();
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const round = (n: number) => Number(n.toFixed(1));
const ms = median(result.ms);
const rawMs = median(result.rawMs);
console.log(
  `unlock in Chromium: ${cases} cases (${result.events} events) on ${result.threads} Web Workers — ${round(ms)} ms to searchable (decryptRecord alone ${round(rawMs)} ms, ratio ${(ms / rawMs).toFixed(2)}), ${round(result.verifiedMs)} ms until every signature is verified (${round(result.verifiedReturningMs)} ms for a returning member); before that: workers start ${round(median(result.startMs))} ms, parse and open compartment keys ${round(median(result.keysMs))} ms; search ${median(result.searchMs).toFixed(2)} ms median, ${Math.max(...result.searchMs).toFixed(2)} ms max (${result.hits} hits); rounds ${result.ms.map(round).join(', ')} ms, raw ${result.rawMs.map(round).join(', ')} ms`,
);
console.log(
  JSON.stringify({
    bench: 'unlock-browser',
    cases,
    ms: round(ms),
    rawMs: round(rawMs),
    ratio: Number((ms / rawMs).toFixed(3)),
    verifiedMs: round(result.verifiedMs),
    verifiedReturningMs: round(result.verifiedReturningMs),
  }),
);
