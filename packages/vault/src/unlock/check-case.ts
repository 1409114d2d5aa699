import {
  caseGenesisDigest,
  createRecordReader,
  fromBase64,
  type RecordReader,
  type SignPublicKey,
  utf8,
  verify,
} from '@corridor/crypto';
import { type CaseDetail, caseEventStatement } from '@corridor/protocol';
import type { z } from 'zod';
import {
  type ChainHead,
  recordContext,
  summaryMatches,
  type TimelineEntry,
  type TimelineProblem,
} from '../cases/case-events.ts';
import type { CompartmentKeys } from '../cases/case-keys.ts';

type Detail = z.infer<typeof CaseDetail>;

/** What an event's author signed, kept so the signature can be checked later. */
export interface SignedStatement {
  readonly seq: number;
  readonly authorId: string;
  readonly statement: string;
  /** Base64, as served. */
  readonly signature: string;
}

/** A case read at unlock: chain and payloads checked, signatures not yet. */
export interface CheckedCase {
  readonly caseId: string;
  readonly entries: TimelineEntry[];
  /** Chain, order, payload and decryption problems; signature problems come later. */
  readonly problems: TimelineProblem[];
  readonly head: ChainHead;
  readonly signed: SignedStatement[];
  /**
   * The first this many events (by position, not by the seq the server gives them) are
   * the ones the member verified before — `vouched` matched and the chain up to it is
   * intact — so their signatures need no second check. 0 when nothing was vouched for or
   * it failed.
   */
  readonly vouchedThrough: number;
}

/**
 * Reads a case as `readTimeline` does — seqs in order from 1, each event naming the
 * digest of the one before from the case's genesis digest, each payload matching the
 * digest its statement names, payloads opened under keys bound to case, compartment and
 * seq — but leaves the Ed25519 signatures for `verifySignatures`. Ed25519 verification
 * costs ~75 µs an event, ten times the rest; at unlock, over a whole caseload, it runs
 * afterwards and apart, while the chain (cheap) is checked here.
 *
 * Until the signatures are checked a case's content is known to come from a holder of
 * its compartment key (the AEAD) in an unbroken chain, not yet from its named author.
 */
export function checkCase(
  detail: Detail,
  keys: CompartmentKeys,
  reader?: RecordReader,
  /** The head this member verified before (from their signed verified heads), if any. */
  vouched?: ChainHead,
): CheckedCase {
  if (reader) return checkWith(detail, keys, reader, vouched);
  const own = createRecordReader();
  try {
    return checkWith(detail, keys, own, vouched);
  } finally {
    own.dispose();
  }
}

function checkWith(
  detail: Detail,
  keys: CompartmentKeys,
  reader: RecordReader,
  vouched: ChainHead | undefined,
): CheckedCase {
  const caseId = detail.summary.id;
  const entries: TimelineEntry[] = [];
  const problems: TimelineProblem[] = [];
  const signed: SignedStatement[] = [];
  let prev: string = caseGenesisDigest(caseId);
  let vouchedThrough = 0;
  // Whether every event so far is in its place, linked to the one before, its payload the
  // one signed: a head vouches for the events before it only then (the head's digest
  // covers its own statement, not a middle event replaced since).
  let intact = true;
  for (const [index, event] of detail.events.entries()) {
    if (event.seq !== index + 1) problems.push({ seq: event.seq, problem: 'out_of_order' });
    if (event.prevHash !== prev) problems.push({ seq: event.seq, problem: 'chain_broken' });
    if (event.seq !== index + 1 || event.prevHash !== prev) intact = false;
    if (event.payload === null && detail.summary.compartments.includes(event.compartment)) {
      problems.push({ seq: event.seq, problem: 'withheld' });
    }
    let taken = false;
    if (event.payload !== null) {
      try {
        taken = reader.take(event.payload, 'case-payload') === event.payloadDigest;
      } catch {
        // Not base64: it cannot be the payload the statement names.
      }
      if (!taken) {
        problems.push({ seq: event.seq, problem: 'payload_mismatch' });
        intact = false;
      }
    }
    const statement = caseEventStatement(caseId, event.authorId, event, event.payloadDigest);
    signed.push({
      seq: event.seq,
      authorId: event.authorId,
      statement,
      signature: event.signature,
    });
    prev = reader.digestText(statement, 'case-event');
    if (vouched && index + 1 === vouched.version) {
      vouchedThrough = intact && prev === vouched.hash ? index + 1 : 0;
    }

    let content: unknown = null;
    const key = keys.get(event.compartment)?.get(event.keyVersion);
    if (taken && key) {
      try {
        content = JSON.parse(
          reader.openText(key, recordContext(caseId, event.compartment, event.seq)),
        );
      } catch {
        problems.push({ seq: event.seq, problem: 'unreadable' });
      }
    }
    entries.push({
      seq: event.seq,
      kind: event.kind,
      compartment: event.compartment,
      authorId: event.authorId,
      createdAt: event.createdAt,
      workflow: event.workflow,
      task: event.task ?? null,
      keyIds: event.keyIds ?? null,
      ...(event.verification ? { verification: event.verification } : {}),
      ...(event.operation ? { operation: event.operation } : {}),
      content,
    });
  }
  if (detail.events.length !== detail.summary.version) {
    problems.push({ seq: detail.summary.version, problem: 'out_of_order' });
  }
  // A history that no longer holds the head verified before was shortened or rewritten.
  if (vouched && vouched.version > 0 && vouchedThrough === 0) {
    problems.push({ seq: vouched.version, problem: 'history_shortened' });
  }
  if (!summaryMatches(detail)) {
    problems.push({ seq: detail.summary.version, problem: 'summary_mismatch' });
  }
  return {
    caseId,
    entries,
    problems,
    head: { version: detail.events.length, hash: prev },
    signed,
    vouchedThrough,
  };
}

/**
 * Checks each statement's Ed25519 signature by its author's key. An author whose key is
 * not known counts as a bad signature: nothing goes unchecked silently.
 * @returns a `bad_signature` problem for each event that does not verify
 */
export function verifySignatures(
  signed: readonly SignedStatement[],
  signKeyOf: (accountId: string) => SignPublicKey | undefined,
): TimelineProblem[] {
  const problems: TimelineProblem[] = [];
  for (const item of signed) {
    const key = signKeyOf(item.authorId);
    let good = false;
    try {
      good =
        key !== undefined &&
        verify(key, 'case-event', utf8(item.statement), fromBase64(item.signature));
    } catch {
      good = false;
    }
    if (!good) problems.push({ seq: item.seq, problem: 'bad_signature' });
  }
  return problems;
}
