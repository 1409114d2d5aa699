import { getAccountKeysRoute, listCasesRoute } from '@corridor/protocol';
import type { MemberSession } from '../auth/log-in.ts';
import { fetchCaseBatches } from '../cases/case-batches.ts';
import type { ChainHead, TimelineProblem } from '../cases/case-events.ts';
import type { TeamKeyring } from '../cases/case-keys.ts';
import type { CaseHit, SearchOptions } from '../search/case-index.ts';
import type { LoadedCaseload, UnlockWorkers } from './unlock-caseload.ts';
import { loadCaseload } from './unlock-caseload.ts';
import type { UnlockedCase } from './unlock-requests.ts';
import { type LoadedHeads, loadVerifiedHeads, saveVerifiedHeads } from './verified-heads.ts';

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
  /**
   * What the first sync found of the member's verified heads: `forged` means the server
   * answered a statement the member did not sign — everything is verified in full, and
   * the member should be told.
   */
  readonly headsState: LoadedHeads['state'] | null;
  search(query: string, options?: SearchOptions): Promise<CaseHit[]>;
  /** The cases with a signature that failed, found so far. */
  readonly badSignatures: ReadonlyMap<string, TimelineProblem[]>;
  /**
   * Verifies the signatures of every event read since the last call, in the workers,
   * then signs and saves the member's verified heads if they moved, so the next unlock
   * checks only what is new.
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
  let saved: LoadedHeads | null = null;
  // One sync and one verify at a time: two syncs would fetch the same cases twice, and a
  // second verify would find nothing left to check and save heads before the first is done.
  let running: Promise<SyncResult> | null = null;
  let verifying: Promise<ReadonlyMap<string, TimelineProblem[]>> | null = null;
  const stillOpen = () => {
    if (closed) throw new Error('the caseload was closed');
  };

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
    saved ??= await loadVerifiedHeads(session);
    stillOpen();
    const vouched = Object.fromEntries(saved.heads);
    workers ??= startWorkers();
    const pool = await workers;
    // Closed while the workers started: they were not yet known to close(), so end them here.
    if (closed) {
      await pool.close();
      stillOpen();
    }
    const loaded = caseload
      ? await caseload.add(batches, vouched)
      : await loadCaseload(pool, ring, batches, vouched);
    caseload ??= loaded as LoadedCaseload;
    const read = await caseload.read();
    stillOpen();
    for (const [caseId, unlocked] of read) {
      cases.set(caseId, unlocked);
      badSignatures.delete(caseId);
    }
    return { fetched: read.size, unopened: loaded.unopened };
  }

  /**
   * Cases whose every signature was checked and good, at their new heads; a doubted or
   * not yet verified one keeps the head verified before.
   */
  async function saveHeads(verified: ReadonlySet<string>): Promise<void> {
    if (!saved || closed) return;
    const before = saved.heads;
    const heads = new Map<string, ChainHead>();
    for (const [caseId, unlocked] of cases) {
      const clean =
        verified.has(caseId) && unlocked.problems.length === 0 && !badSignatures.has(caseId);
      const head = clean ? { version: unlocked.version, hash: unlocked.head } : before.get(caseId);
      if (head) heads.set(caseId, head);
    }
    const same =
      heads.size === before.size &&
      [...heads].every(([caseId, head]) => before.get(caseId)?.hash === head.hash);
    if (same) return;
    await saveVerifiedHeads(session, heads);
    saved = { heads, state: saved.state };
  }

  return {
    cases,
    get headsState() {
      return saved?.state ?? null;
    },
    sync() {
      running ??= syncOnce().finally(() => {
        running = null;
      });
      return running;
    },
    async search(query, options) {
      return caseload ? caseload.search(query, options) : [];
    },
    get badSignatures() {
      return badSignatures;
    },
    verify() {
      verifying ??= (async () => {
        const loaded = caseload;
        if (!loaded) return badSignatures;
        const bad = await loaded.verify(signKeyOf);
        stillOpen();
        for (const [caseId, problems] of bad) badSignatures.set(caseId, problems);
        await saveHeads(loaded.verified);
        return badSignatures;
      })().finally(() => {
        verifying = null;
      });
      return verifying;
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
