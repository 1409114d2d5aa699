import type { TimelineProblem } from '../cases/case-events.ts';
import type { TeamKeyring } from '../cases/case-keys.ts';
import type { CaseIndex } from '../search/case-index.ts';
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

/** A caseload loaded into the workers, its compartment keys open, nothing read yet. */
export interface LoadedCaseload {
  readonly cases: number;
  readonly events: number;
  /** Cases whose keys would not open: tampered or misfiled, so not to be trusted. */
  readonly unopened: string[];
  /**
   * Checks every case's chain and payloads, decrypts them and adds what they say to the
   * index. When it resolves, every case is listed and searchable.
   */
  read(index: CaseIndex): Promise<Map<string, UnlockedCase>>;
  /**
   * Verifies every event's signature, after `read`, spread over the workers; the
   * answer names only the cases with a signature that failed.
   * @param signKeyOf an author's Ed25519 public key (base64), e.g. from the server
   */
  verify(
    signKeyOf: (accountId: string) => Promise<string>,
  ): Promise<Map<string, TimelineProblem[]>>;
  /** Has the workers drop every plaintext and statement they hold. */
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
): Promise<LoadedCaseload> {
  // Each batch stays with the worker that loaded it; spread them by size.
  const load = new Array<number>(workers.size).fill(0);
  const owner = batches.map((json) => {
    const worker = load.indexOf(Math.min(...load));
    load[worker] = (load[worker] ?? 0) + json.length;
    return worker;
  });
  const loaded = await Promise.all(
    batches.map((json, batch) =>
      workers.request(owner[batch] ?? 0, { op: 'load', batch, json, ring }),
    ),
  );
  const authors = new Set(loaded.flatMap((reply) => reply.authors));
  const each = <R extends UnlockRequest>(request: (batch: number) => R) =>
    batches.map((_json, batch) => workers.request(owner[batch] ?? 0, request(batch)));

  return {
    cases: loaded.reduce((n, reply) => n + reply.cases, 0),
    events: loaded.reduce((n, reply) => n + reply.events, 0),
    unopened: loaded.flatMap((reply) => reply.unopened),

    async read(index) {
      const cases = new Map<string, UnlockedCase>();
      // Index each batch as it arrives, while the workers go on with the next.
      await Promise.all(
        each((batch) => ({ op: 'read', batch }) as const).map(async (reply) => {
          const { cases: read, prepared } = await reply;
          for (const unlocked of read) cases.set(unlocked.caseId, unlocked);
          for (const item of prepared) index.addPrepared(item);
        }),
      );
      return cases;
    },

    async verify(signKeyOf) {
      const signKeys: Record<string, string> = {};
      for (const author of authors) signKeys[author] = await signKeyOf(author);
      const replies = await Promise.all(
        each((batch) => ({ op: 'verify', batch, signKeys }) as const),
      );
      const problems = new Map<string, TimelineProblem[]>();
      for (const reply of replies) {
        for (const [caseId, bad] of Object.entries(reply.problems)) problems.set(caseId, bad);
      }
      return problems;
    },

    async forget() {
      await Promise.all(
        Array.from({ length: workers.size }, (_, i) => workers.request(i, { op: 'forget' })),
      );
    },
  };
}
