import {
  asSignPublicKey,
  createRecordReader,
  fromBase64,
  type RecordReader,
  type SignPublicKey,
} from '@corridor/crypto';
import { CaseDetail } from '@corridor/protocol';
import { z } from 'zod';
import type { ChainHead, TimelineProblem } from '../cases/case-events.ts';
import {
  type CompartmentKeys,
  dropUncommittedKeys,
  openCompartmentKeys,
  type TeamKeyring,
} from '../cases/case-keys.ts';
import { type RescueDigest, rescueDigest } from '../dashboard/rescue-digest.ts';
import { documentationDigest } from '../documentation/documentation-digest.ts';
import type { DocumentationDigest } from '../documentation/documentation-digest-types.ts';
import { evacuationPlan } from '../evacuation/evacuation-plan.ts';
import { relocation } from '../relocation/relocation.ts';
import { type CaseHit, type CaseIndex, createCaseIndex } from '../search/case-index.ts';
import { type SearchableCase, searchableFromTimeline } from '../search/searchable-case.ts';
import {
  type CheckedCase,
  checkCase,
  type SignedStatement,
  verifySignatures,
} from './check-case.ts';

/**
 * What the main thread asks of an unlock worker, and what it answers. Each worker keeps
 * the batches it loaded (plaintext, in its memory only) until told to forget them, so
 * read and verify go to the worker that loaded the batch; and it keeps the search index
 * of the cases it read, so a search asks every worker.
 */
export type UnlockRequest =
  | {
      readonly op: 'load';
      readonly batch: number;
      readonly json: string;
      readonly ring: TeamKeyring;
      /** Heads the member verified before, by case id: events up to them need no signature check. */
      readonly vouched?: Readonly<Record<string, ChainHead>>;
    }
  | { readonly op: 'read'; readonly batch: number }
  | {
      readonly op: 'verify';
      readonly batch: number;
      /** Each author's Ed25519 public key, base64. */
      readonly signKeys: Readonly<Record<string, string>>;
    }
  | { readonly op: 'search'; readonly query: string; readonly limit: number }
  /** Indexes one case again (opened and changed on the main thread). */
  | { readonly op: 'index'; readonly caseId: string; readonly content: SearchableCase }
  | { readonly op: 'unindex'; readonly caseId: string }
  | { readonly op: 'forget' };

export interface LoadReply {
  readonly cases: number;
  readonly events: number;
  /** Accounts that signed events in the batch: whose public keys verify needs. */
  readonly authors: string[];
  /** Cases whose keys would not open (tampered or misfiled), left out of the batch. */
  readonly unopened: string[];
}

/** One case as the main thread learns of it at unlock: enough to list and search it. */
export interface UnlockedCase {
  readonly caseId: string;
  readonly title: string | null;
  readonly version: number;
  /** The digest of its last event: what verified heads record once signatures check out. */
  readonly head: string;
  readonly problems: TimelineProblem[];
  /** Its stage, plan, check-ins and relocation in brief, for the coordinators' dashboard. */
  readonly rescue: RescueDigest;
  /** Its testimonies' consent, coded events, evidence and outcomes, for reports. */
  readonly documentation: DocumentationDigest;
}

export interface ReadReply {
  /** Each case read, now in this worker's index. */
  readonly cases: UnlockedCase[];
}

export interface VerifyReply {
  /** Only the cases with a signature that did not verify. */
  readonly problems: Record<string, TimelineProblem[]>;
  /** Every case whose signatures (those not vouched for) were all checked, good or bad. */
  readonly verified: string[];
}

export type UnlockReply<R extends UnlockRequest> = R['op'] extends 'load'
  ? LoadReply
  : R['op'] extends 'read'
    ? ReadReply
    : R['op'] extends 'verify'
      ? VerifyReply
      : R['op'] extends 'search'
        ? CaseHit[]
        : null;

/** The batch a bulk sync answers with: the same CaseDetail each case's GET returns. */
const BatchSchema = z.array(CaseDetail).max(10_000);

interface LoadedCase {
  readonly detail: z.infer<typeof CaseDetail>;
  readonly keys: CompartmentKeys;
  readonly vouched: ChainHead | undefined;
}

interface Batch {
  loaded: LoadedCase[] | null;
  signed: Map<string, SignedStatement[]>;
}

/**
 * The worker's side, free of any worker API: each platform's worker entry feeds it the
 * requests it receives (after `initCrypto`) and posts back what it returns.
 */
export function createUnlockHandler(): (request: UnlockRequest) => unknown {
  const batches = new Map<number, Batch>();
  // One index per worker, over every batch it read: its stem cache spans them all.
  let index: CaseIndex = createCaseIndex();
  // One reader per worker, made at the first read (libsodium is loaded by then).
  let reader: RecordReader | null = null;

  const batchOf = (batch: number): Batch => {
    const found = batches.get(batch);
    if (!found) throw new Error(`batch ${batch} was not loaded in this worker`);
    return found;
  };

  function load(
    batch: number,
    json: string,
    ring: TeamKeyring,
    vouched: Readonly<Record<string, ChainHead>> = {},
  ): LoadReply {
    const details = BatchSchema.parse(JSON.parse(json));
    const loaded: LoadedCase[] = [];
    const unopened: string[] = [];
    const authors = new Set<string>();
    let events = 0;
    for (const detail of details) {
      try {
        loaded.push({
          detail,
          keys: openCompartmentKeys(detail, ring),
          vouched: Object.hasOwn(vouched, detail.summary.id)
            ? vouched[detail.summary.id]
            : undefined,
        });
      } catch {
        unopened.push(detail.summary.id);
        continue;
      }
      for (const event of detail.events) authors.add(event.authorId);
      events += detail.events.length;
    }
    batches.set(batch, { loaded, signed: new Map() });
    return { cases: loaded.length, events, authors: [...authors], unopened };
  }

  function forgetCase(caseId: string): void {
    for (const other of batches.values()) other.signed.delete(caseId);
    index.removeCase(caseId);
  }

  function read(batch: number): ReadReply {
    const state = batchOf(batch);
    if (!state.loaded) throw new Error(`batch ${batch} was read already`);
    const cases: UnlockedCase[] = [];
    for (const { detail, keys, vouched } of state.loaded) {
      reader ??= createRecordReader();
      // Only keys an event of the chain committed to are used; a forged committing
      // event fails its signature at verify, and the case is named then.
      const uncommitted = dropUncommittedKeys(keys, detail.events);
      const checked: CheckedCase = checkCase(detail, keys, reader, vouched);
      for (let i = 0; i < uncommitted; i++) {
        checked.problems.push({ seq: 0, problem: 'key_uncommitted' });
      }
      // A case read again (a newer version) replaces what an earlier batch held of it.
      forgetCase(checked.caseId);
      const searchable = searchableFromTimeline(checked.entries);
      // What the member verified before needs no second check: only what came since.
      state.signed.set(checked.caseId, checked.signed.slice(checked.vouchedThrough));
      // The plan and relocation are read once, for both digests.
      const timeline = { timeline: { entries: checked.entries } };
      const read = { plan: evacuationPlan(timeline), relocation: relocation(timeline) };
      const rescue = rescueDigest(detail.summary, checked.entries, read);
      cases.push({
        caseId: checked.caseId,
        title: searchable.title,
        version: checked.head.version,
        head: checked.head.hash,
        problems: checked.problems,
        rescue,
        documentation: documentationDigest(detail.summary, checked.entries, {
          spending: rescue.spending,
          rescue: read,
        }),
      });
      index.addCase(checked.caseId, searchable);
    }
    // The ciphertext and plaintext are done with; only the statements stay, for verify.
    state.loaded = null;
    return { cases };
  }

  function verify(batch: number, signKeys: Readonly<Record<string, string>>): VerifyReply {
    const keys = new Map<string, SignPublicKey>();
    for (const [accountId, key] of Object.entries(signKeys)) {
      // A key that is not one (as a server could answer) leaves its author unknown: every
      // event they signed counts as a bad signature, and the rest of the batch is checked.
      try {
        keys.set(accountId, asSignPublicKey(fromBase64(key)));
      } catch {}
    }
    const state = batchOf(batch);
    // Before read there are no statements yet: answering "no problems" would be a lie.
    if (state.loaded) throw new Error(`batch ${batch} must be read before it is verified`);
    const problems: Record<string, TimelineProblem[]> = {};
    const verified: string[] = [];
    for (const [caseId, signed] of state.signed) {
      const bad = verifySignatures(signed, (accountId) => keys.get(accountId));
      if (bad.length > 0) problems[caseId] = bad;
      verified.push(caseId);
    }
    state.signed.clear();
    return { problems, verified };
  }

  return (request) => {
    switch (request.op) {
      case 'load':
        return load(request.batch, request.json, request.ring, request.vouched);
      case 'read':
        return read(request.batch);
      case 'verify':
        return verify(request.batch, request.signKeys);
      case 'search':
        return index.search(request.query, { limit: request.limit });
      case 'index':
        index.addCase(request.caseId, request.content);
        return null;
      case 'unindex':
        forgetCase(request.caseId);
        return null;
      case 'forget':
        batches.clear();
        index.clear();
        index = createCaseIndex();
        reader?.dispose();
        reader = null;
        return null;
    }
  };
}
