// One timed unlock of a caseload, the same in Node and in the browser page: only how the
// workers start and where the authors' keys come from differ.
import {
  type ChainHead,
  loadCaseload,
  type TeamKeyring,
  type UnlockWorkers,
} from '@corridor/vault';

/** Words, inflections, prefixes and two-word queries, searched after each unlock. */
export const searchQueries = [
  'Грозного',
  'задержание',
  'Мусаева',
  'подвале',
  'Казани квартира',
  'угрозы',
  'passports',
  'detained checkpoint',
  'shelter',
  'Ибраг',
  'Лермонтова',
  'сестра вечером',
];

/**
 * Starts the workers, opens the compartment keys (`keysMs`), reads every case until it is
 * chain-checked, decrypted and indexed (`ms`), and — when asked — verifies every
 * signature not vouched for (`verifiedMs`, from the same start); then times each search query
 * (`searchMs`, `searchRounds` times each). Fails if a case was lost or doubted.
 */
export async function timeUnlock(
  startWorkers: () => Promise<UnlockWorkers>,
  ring: TeamKeyring,
  batches: readonly string[],
  cases: number,
  signKeyOf: (accountId: string) => Promise<string>,
  verify: boolean,
  searchRounds = 0,
  /** Heads verified at an earlier unlock (a returning member): fewer signatures to check. */
  vouched?: Readonly<Record<string, ChainHead>>,
) {
  let start = performance.now();
  const workers = await startWorkers();
  const startMs = performance.now() - start;
  start = performance.now();
  const caseload = await loadCaseload(workers, ring, batches, vouched);
  const keysMs = performance.now() - start;
  start = performance.now();
  const unlocked = await caseload.read();
  const ms = performance.now() - start;
  const problems = [...unlocked.values()].filter((c) => c.problems.length > 0).length;
  let verifiedMs = Number.NaN;
  let badSignatures = 0;
  if (verify) {
    const bad = await caseload.verify(signKeyOf);
    verifiedMs = performance.now() - start;
    badSignatures = bad.size;
  }
  const searchMs: number[] = [];
  let hits = 0;
  for (let round = 0; round < searchRounds; round++) {
    for (const query of searchQueries) {
      const began = performance.now();
      hits += (await caseload.search(query)).length;
      searchMs.push(performance.now() - began);
    }
  }
  await caseload.forget();
  await workers.close();
  if (unlocked.size !== cases || problems > 0 || badSignatures > 0) {
    throw new Error(
      `unlock lost or doubted cases: ${unlocked.size} read, ${problems} with problems, ${badSignatures} with bad signatures`,
    );
  }
  // What a member's verified heads would hold after this unlock.
  const heads: Record<string, ChainHead> = {};
  for (const [caseId, c] of unlocked) heads[caseId] = { version: c.version, hash: c.head };
  return { startMs, keysMs, ms, verifiedMs, searchMs, hits, events: caseload.events, heads };
}
