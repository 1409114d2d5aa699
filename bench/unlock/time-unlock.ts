// One timed unlock of a caseload, the same in Node and in the browser page: only how the
// workers start and where the authors' keys come from differ.
import {
  createCaseIndex,
  loadCaseload,
  type TeamKeyring,
  type UnlockWorkers,
} from '@corridor/vault';

/**
 * Starts the workers, opens the compartment keys (`keysMs`), reads every case until it is
 * chain-checked, decrypted and indexed (`ms`), and — when asked — verifies every
 * signature (`verifiedMs`, from the same start). Fails if a case was lost or doubted.
 */
export async function timeUnlock(
  startWorkers: () => Promise<UnlockWorkers>,
  ring: TeamKeyring,
  batches: readonly string[],
  cases: number,
  signKeyOf: (accountId: string) => Promise<string>,
  verify: boolean,
) {
  let start = performance.now();
  const workers = await startWorkers();
  const startMs = performance.now() - start;
  start = performance.now();
  const caseload = await loadCaseload(workers, ring, batches);
  const keysMs = performance.now() - start;
  start = performance.now();
  const index = createCaseIndex();
  const unlocked = await caseload.read(index);
  const ms = performance.now() - start;
  const problems = [...unlocked.values()].filter((c) => c.problems.length > 0).length;
  let verifiedMs = Number.NaN;
  let badSignatures = 0;
  if (verify) {
    const bad = await caseload.verify(signKeyOf);
    verifiedMs = performance.now() - start;
    badSignatures = bad.size;
  }
  await caseload.forget();
  await workers.close();
  if (unlocked.size !== cases || index.size !== cases || problems > 0 || badSignatures > 0) {
    throw new Error(
      `unlock lost or doubted cases: ${unlocked.size}, ${index.size} indexed, ${problems} with problems, ${badSignatures} with bad signatures`,
    );
  }
  return { startMs, keysMs, ms, verifiedMs, index, events: caseload.events };
}
