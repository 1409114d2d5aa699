import {
  asSignPublicKey,
  caseEventDigest,
  caseGenesisDigest,
  casePayloadDigest,
  encryptRecord,
  fromBase64,
  type RecordKey,
  type SignPublicKey,
  sign,
  toBase64,
  utf8,
} from '@corridor/crypto';
import {
  type CaseDetail,
  type CaseOperation,
  type Compartment,
  caseEventStatement,
  type EventInputSchema,
  type EventKind,
  nextVerification,
  noVerification,
  type TaskChangeSchema,
  type VerificationChange,
  type WorkflowChangeSchema,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';
import { checkCase, verifySignatures } from '../unlock/check-case.ts';
import type { CompartmentKeys } from './case-keys.ts';

export type EventInput = z.infer<typeof EventInputSchema>;
export type WorkflowChange = z.infer<typeof WorkflowChangeSchema>;
export type TaskChange = z.infer<typeof TaskChangeSchema>;
/** The new compartment keys an event brings in, by id (see `caseKeyId`). */
export type KeyIds = NonNullable<EventInput['keyIds']>;
type Detail = z.infer<typeof CaseDetail>;

/** Binds a payload to its case, compartment and place in the chain. */
export const recordContext = (caseId: string, compartment: string, seq: number) => ({
  caseId,
  kind: `event/${compartment}/${seq}`,
});

/** Where the next event goes: after the case's last one. */
export interface ChainHead {
  readonly version: number;
  readonly hash: string;
}

/**
 * Writes one event: the content encrypted under the compartment key (bound to case,
 * compartment and seq), the statement signed by the member. Returns the event and the
 * digest the next one must name.
 */
export function writeEvent(
  session: MemberSession,
  caseId: string,
  head: ChainHead,
  compartment: Compartment,
  key: { version: number; key: RecordKey },
  kind: EventKind,
  content: unknown,
  workflow: WorkflowChange | null = null,
  task?: TaskChange,
  keyIds?: KeyIds,
  mentions?: readonly string[],
  verification?: VerificationChange,
  operation?: CaseOperation,
): { event: EventInput; hash: string } {
  const seq = head.version + 1;
  const envelope = encryptRecord(
    key.key,
    utf8(JSON.stringify(content)),
    recordContext(caseId, compartment, seq),
  );
  const payload = toBase64(envelope);
  const unsigned = {
    seq,
    compartment,
    keyVersion: key.version,
    kind,
    prevHash: head.hash,
    workflow,
    ...(task ? { task } : {}),
    ...(keyIds ? { keyIds } : {}),
    ...(mentions && mentions.length > 0 ? { mentions: [...mentions] } : {}),
    ...(verification ? { verification } : {}),
    ...(operation ? { operation } : {}),
  };
  const statement = caseEventStatement(
    caseId,
    session.account.id,
    unsigned,
    casePayloadDigest(envelope),
  );
  const signature = toBase64(sign(session.keys.sign.secretKey, 'case-event', utf8(statement)));
  return { event: { ...unsigned, payload, signature }, hash: caseEventDigest(statement) };
}

export const genesisHead = (caseId: string): ChainHead => ({
  version: 0,
  hash: caseGenesisDigest(caseId),
});

/** One event as the member reads it. `content` is null where their teams lack the key. */
export interface TimelineEntry {
  readonly seq: number;
  readonly kind: EventKind;
  readonly compartment: Compartment;
  readonly authorId: string;
  readonly createdAt: string;
  readonly workflow: WorkflowChange | null;
  readonly task: TaskChange | null;
  readonly keyIds: KeyIds | null;
  /** The members a note mentions, as its author signed them (absent: none). */
  readonly mentions?: readonly string[];
  /** The verification step a `verification.*` event takes, as its author signed it. */
  readonly verification?: VerificationChange;
  /** The check-in or expense step an operation event takes, as its author signed it. */
  readonly operation?: CaseOperation;
  readonly content: unknown;
}

/** A break in what the server returned: the UI warns, and the case must not be trusted. */
export interface TimelineProblem {
  readonly seq: number;
  readonly problem: /** A payload of a part the member's teams hold was not sent. */
    | 'withheld'
    /** A key the member's teams were given does not open. */
    | 'key_unopenable'
    /** The stage, risk, assignee or tasks the server shows are not what the signed events say. */
    | 'summary_mismatch'
    /** A compartment key no signed event brought in: not used, and the server may be lying. */
    | 'key_uncommitted'
    /** Events this session saw before are missing now, or changed. */
    | 'history_shortened'
    | 'out_of_order'
    | 'chain_broken'
    | 'bad_signature'
    | 'payload_mismatch'
    | 'unreadable';
}

export interface Timeline {
  readonly entries: TimelineEntry[];
  readonly problems: TimelineProblem[];
  readonly head: ChainHead;
}

/**
 * Checks a case's events as loaded: seqs in order from 1, each naming the digest of the
 * one before (from the case's genesis digest), each payload matching its digest, each
 * signed by its author, the summary following from them; then opens the payloads the
 * member holds keys for. Nothing is dropped silently: every failure is listed as a
 * problem. The same check as bulk unlock (`checkCase`), with the signatures at once.
 */
export async function readTimeline(
  detail: Detail,
  keys: CompartmentKeys,
  signKeyOf: (accountId: string) => Promise<SignPublicKey>,
): Promise<Timeline> {
  const checked = checkCase(detail, keys);
  const authorKeys = new Map<string, SignPublicKey>();
  for (const authorId of new Set(checked.signed.map((item) => item.authorId))) {
    authorKeys.set(authorId, await signKeyOf(authorId));
  }
  return {
    entries: checked.entries,
    problems: [
      ...checked.problems,
      ...verifySignatures(checked.signed, (authorId) => authorKeys.get(authorId)),
    ],
    head: checked.head,
  };
}

/**
 * Replays the signed workflow, task and verification headers, as the server applies them,
 * and checks that the stage, closing reason, assignee, risk, verification and tasks it
 * shows are what they say:
 * a server cannot quietly show another stage or hide an overdue task.
 */
export function summaryMatches(detail: Detail): boolean {
  let stage: string | undefined;
  let closedReason: string | null = null;
  let assigneeId: string | null = null;
  let riskLevel: number | undefined;
  const tasks = new Map<string, { dueAt: string; assigneeId: string | null; done: boolean }>();
  let verification = noVerification;
  for (const event of detail.events) {
    if (event.verification) {
      verification = nextVerification(verification, event.verification, event.seq, event.authorId);
    }
    const change = event.workflow;
    if (change) {
      if (change.stage !== undefined) {
        if (change.stage === 'closed') closedReason = change.closedReason ?? null;
        else closedReason = null;
        stage = change.stage;
      }
      if (change.assigneeId !== undefined) assigneeId = change.assigneeId;
      if (change.riskLevel !== undefined) riskLevel = change.riskLevel;
    }
    const task = event.task;
    if (task?.change === 'add') {
      tasks.set(task.id, {
        dueAt: new Date(task.dueAt).toISOString(),
        assigneeId: task.assigneeId,
        done: false,
      });
    } else if (task?.change === 'done') {
      const open = tasks.get(task.id);
      if (open) open.done = true;
    }
  }
  const { summary } = detail;
  if (
    summary.stage !== stage ||
    summary.closedReason !== closedReason ||
    summary.assigneeId !== assigneeId ||
    summary.riskLevel !== riskLevel ||
    JSON.stringify(summary.verification) !== JSON.stringify(verification) ||
    detail.tasks.length !== tasks.size
  ) {
    return false;
  }
  return detail.tasks.every((shown) => {
    const signed = tasks.get(shown.id);
    return (
      signed !== undefined &&
      signed.dueAt === shown.dueAt &&
      signed.assigneeId === shown.assigneeId &&
      signed.done === (shown.doneAt !== null)
    );
  });
}

/** A public-key lookup that asks the server once per author. */
export function signKeyCache(
  lookup: (accountId: string) => Promise<string>,
): (accountId: string) => Promise<SignPublicKey> {
  const cache = new Map<string, Promise<SignPublicKey>>();
  return (accountId) => {
    let key = cache.get(accountId);
    if (!key) {
      key = lookup(accountId).then((k) => asSignPublicKey(fromBase64(k)));
      cache.set(accountId, key);
    }
    return key;
  };
}
