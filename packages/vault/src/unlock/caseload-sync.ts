import { getAccountKeysRoute, listCasesRoute } from '@corridor/protocol';
import type { MemberSession } from '../auth/log-in.ts';
import { fetchCaseBatches } from '../cases/case-batches.ts';
import type { TimelineProblem } from '../cases/case-events.ts';
import type { TeamKeyring } from '../cases/case-keys.ts';
import type { CaseHit, SearchOptions } from '../search/case-index.ts';
import type { LoadedCaseload, UnlockWorkers } from './unlock-caseload.ts';
import { loadCaseload } from './unlock-caseload.ts';
import type { UnlockedCase } from './unlock-requests.ts';

/** What a sync did: how many cases it fetched and read, and which would not open. */
export interface SyncResult {
  readonly fetched: number;
  readonly unopened: readonly string[];
}

/**
 * Every case a member may read, unlocked in workers for as long as the session lasts:
 * listed with titles, searchable, signatures verified in the background. The first sync
 * fetches every case; each later one only the cases whose version moved since, so
 * coming back to the case list costs a list request, not the caseload again.
 */
export interface CaseloadSync {
  /** Fetches and reads what changed; the promise settles when it is searchable. */
  sync(): Promise<SyncResult>;
  /** The cases read so far, by id. */
  readonly cases: ReadonlyMap<string, UnlockedCase>;
  search(query: string, options?: SearchOptions): Promise<CaseHit[]>;
  /**
   * Verifies the signatures of every event read since the last call, in the workers.
   * @returns the cases with a signature that failed, so far (never forgotten until close)
   */
  verify(): Promise<ReadonlyMap<string, TimelineProblem[]>>;
  /** Ends the workers and everything they held. */
  close(): Promise<void>;
}

/**
 * @param startWorkers e.g. `() => createWebUnlockWorkers()`; started at the first sync
 */
export function createCaseloadSync(
  session: MemberSession,
  ring: TeamKeyring,
  startWorkers: () => Promise<UnlockWorkers>,
): CaseloadSync {
  const cases = new Map<string, UnlockedCase>();
  const badSignatures = new Map<string, TimelineProblem[]>();
  const signKeys = new Map<string, Promise<string>>();
  let workers: Promise<UnlockWorkers> | null = null;
  let caseload: LoadedCaseload | null = null;
  let closed = false;
  // One sync at a time: two would fetch the same cases twice.
  let running: Promise<SyncResult> | null = null;

  const signKeyOf = (accountId: string) => {
    let key = signKeys.get(accountId);
    if (key === undefined) {
      key = session.api
        .call(getAccountKeysRoute, { params: { accountId } })
        .then((account) => account.signPublicKey);
      signKeys.set(accountId, key);
    }
    return key;
  };

  async function syncOnce(): Promise<SyncResult> {
    const { cases: listed } = await session.api.call(listCasesRoute, { query: {} });
    const present = new Set(listed.map((summary) => summary.id));
    // Cases the member can no longer read leave the list and the search.
    for (const caseId of cases.keys()) {
      if (present.has(caseId)) continue;
      cases.delete(caseId);
      await caseload?.removeCase(caseId);
    }
    const changed = listed
      .filter((summary) => cases.get(summary.id)?.version !== summary.version)
      .map((summary) => summary.id);
    if (changed.length === 0) return { fetched: 0, unopened: [] };
    const batches = await fetchCaseBatches(session, changed);
    workers ??= startWorkers();
    const pool = await workers;
    if (closed) throw new Error('the caseload was closed');
    const loaded = caseload ? await caseload.add(batches) : await loadCaseload(pool, ring, batches);
    caseload ??= loaded as LoadedCaseload;
    const read = await caseload.read();
    for (const [caseId, unlocked] of read) {
      cases.set(caseId, unlocked);
      badSignatures.delete(caseId);
    }
    return { fetched: read.size, unopened: loaded.unopened };
  }

  return {
    cases,
    sync() {
      running ??= syncOnce().finally(() => {
        running = null;
      });
      return running;
    },
    async search(query, options) {
      return caseload ? caseload.search(query, options) : [];
    },
    async verify() {
      if (caseload) {
        for (const [caseId, bad] of await caseload.verify(signKeyOf))
          badSignatures.set(caseId, bad);
      }
      return badSignatures;
    },
    async close() {
      closed = true;
      cases.clear();
      badSignatures.clear();
      const pool = workers;
      workers = null;
      caseload = null;
      if (pool) await (await pool).close();
    },
  };
}
