import type { ChainHead, TimelineProblem } from '../cases/case-events.ts';
import type { TeamKeyring } from '../cases/case-keys.ts';
import type { CaseHit, SearchOptions } from '../search/case-index.ts';
import type { SearchableCase } from '../search/searchable-case.ts';
import type { UnlockedCase, UnlockReply, UnlockRequest } from './unlock-requests.ts';

/**
 * A pool of workers running `createUnlockHandler`, behind one contract so the browser
 * (Web Workers) and Node (`createNodeUnlockWorkers`) each bring their own.
 */
export interface UnlockWorkers {
  readonly size: number;
  request<R extends UnlockRequest>(worker: number, request: R): Promise<UnlockReply<R>>;
  close(): Promise<void>;
}

/** What loading batches found: their cases open, nothing read yet. */
export interface LoadedBatches {
  readonly cases: number;
  readonly events: number;
  /** Cases whose keys would not open: tampered or misfiled, so not to be trusted. */
  readonly unopened: string[];
}

/**
 * A caseload held in the workers: the plaintext, the signed statements and the search
 * index stay there, spread over them; the main thread learns titles, versions and
 * problems, and asks the workers to search.
 */
export interface LoadedCaseload extends LoadedBatches {
  /**
   * Checks the chain and payloads of every case loaded and not yet read, decrypts them
   * and indexes them where they were decrypted. When it resolves, those cases are
   * listed and searchable.
   */
  read(): Promise<Map<string, UnlockedCase>>;
  /** Loads more batches (cases new or changed since): `read` then reads them. */
  add(
    batches: readonly string[],
    vouched?: Readonly<Record<string, ChainHead>>,
  ): Promise<LoadedBatches>;
  /** Every worker searches its share; the hits come back merged, best first. */
  search(query: string, options?: SearchOptions): Promise<CaseHit[]>;
  /** Indexes one case again, e.g. after it was opened and changed on this thread. */
  indexCase(caseId: string, content: SearchableCase): Promise<void>;
  /** Drops a case from the search and from what is left to verify (access taken away). */
  removeCase(caseId: string): Promise<void>;
  /**
   * The cases whose signatures `verify` has checked since they were last read (good or
   * bad): only these may be vouched for in the member's verified heads.
   */
  readonly verified: ReadonlySet<string>;
  /**
   * Verifies the signature of every event read and not yet verified, spread over the
   * workers; the answer names only the cases with a signature that failed.
   * @param signKeyOf an author's Ed25519 public key (base64), e.g. from the server
   */
  verify(
    signKeyOf: (accountId: string) => Promise<string>,
  ): Promise<Map<string, TimelineProblem[]>>;
  /** Has the workers drop every plaintext, statement and index they hold. */
  forget(): Promise<void>;
}

/**
 * Hands the caseload to the workers and opens its compartment keys there. Each batch is
 * `CaseDetail[]` as JSON, the shape the server serves a case in: workers parse and
 * validate it themselves, so the main thread never touches the bulk of it.
 */
export async function loadCaseload(
  workers: UnlockWorkers,
  ring: TeamKeyring,
  batches: readonly string[],
  /**
   * Heads the member verified before (their signed verified heads), by case id: events
   * up to them are not signature-checked again, and a history that lost one is flagged.
   */
  vouched?: Readonly<Record<string, ChainHead>>,
): Promise<LoadedCaseload> {
  // Each batch stays with the worker that loaded it; spread them by size.
  const load = new Array<number>(workers.size).fill(0);
  const ownerOfBatch: number[] = [];
  const unread: number[] = [];
  const unverified: number[] = [];
  const verified = new Set<string>();
  const ownerOfCase = new Map<string, number>();
  const authors = new Set<string>();
  const all = <R extends UnlockRequest>(request: R) =>
    Promise.all(Array.from({ length: workers.size }, (_, i) => workers.request(i, request)));

  async function add(
    more: readonly string[],
    heads?: Readonly<Record<string, ChainHead>>,
  ): Promise<LoadedBatches> {
    const loaded = await Promise.all(
      more.map((json) => {
        const worker = load.indexOf(Math.min(...load));
        load[worker] = (load[worker] ?? 0) + json.length;
        const batch = ownerOfBatch.push(worker) - 1;
        unread.push(batch);
        unverified.push(batch);
        return workers.request(worker, {
          op: 'load',
          batch,
          json,
          ring,
          ...(heads ? { vouched: heads } : {}),
        });
      }),
    );
    for (const reply of loaded) for (const author of reply.authors) authors.add(author);
    return {
      cases: loaded.reduce((n, reply) => n + reply.cases, 0),
      events: loaded.reduce((n, reply) => n + reply.events, 0),
      unopened: loaded.flatMap((reply) => reply.unopened),
    };
  }

  const first = await add(batches, vouched);
  return {
    ...first,
    verified,
    add,

    async read() {
      const cases = new Map<string, UnlockedCase>();
      const reading = unread.splice(0);
      const moved: Promise<unknown>[] = [];
      await Promise.all(
        reading.map(async (batch) => {
          const worker = ownerOfBatch[batch] ?? 0;
          const reply = await workers.request(worker, { op: 'read', batch });
          for (const unlocked of reply.cases) {
            const before = ownerOfCase.get(unlocked.caseId);
            // Read again on another worker: the old one drops what it held of the case.
            if (before !== undefined && before !== worker) {
              moved.push(workers.request(before, { op: 'unindex', caseId: unlocked.caseId }));
            }
            ownerOfCase.set(unlocked.caseId, worker);
            verified.delete(unlocked.caseId);
            cases.set(unlocked.caseId, unlocked);
          }
        }),
      );
      await Promise.all(moved);
      return cases;
    },

    async search(query, options = {}) {
      const limit = options.limit ?? 50;
      const replies = await all({ op: 'search', query, limit } as const);
      return replies
        .flat()
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
    },

    async indexCase(caseId, content) {
      let worker = ownerOfCase.get(caseId);
      if (worker === undefined) {
        worker = load.indexOf(Math.min(...load));
        ownerOfCase.set(caseId, worker);
      }
      await workers.request(worker, { op: 'index', caseId, content });
    },

    async removeCase(caseId) {
      verified.delete(caseId);
      const worker = ownerOfCase.get(caseId);
      if (worker === undefined) return;
      ownerOfCase.delete(caseId);
      await workers.request(worker, { op: 'unindex', caseId });
    },

    async verify(signKeyOf) {
      const signKeys: Record<string, string> = {};
      for (const author of authors) signKeys[author] = await signKeyOf(author);
      // Each batch read and not yet verified, once: a worker drops the statements it has
      // verified. A batch whose request fails stays to be verified next time.
      const batches = unverified.filter((batch) => !unread.includes(batch));
      const replies = await Promise.allSettled(
        batches.map((batch) =>
          workers.request(ownerOfBatch[batch] ?? 0, { op: 'verify', batch, signKeys }),
        ),
      );
      const problems = new Map<string, TimelineProblem[]>();
      let failure: unknown = null;
      for (const [i, reply] of replies.entries()) {
        if (reply.status === 'rejected') {
          failure ??= reply.reason;
          continue;
        }
        unverified.splice(unverified.indexOf(batches[i] ?? -1), 1);
        for (const caseId of reply.value.verified) verified.add(caseId);
        for (const [caseId, bad] of Object.entries(reply.value.problems)) problems.set(caseId, bad);
      }
      if (failure !== null) throw failure;
      return problems;
    },

    async forget() {
      await all({ op: 'forget' } as const);
      ownerOfCase.clear();
      verified.clear();
    },
  };
}
