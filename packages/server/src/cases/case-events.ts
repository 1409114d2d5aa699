import {
  asSignPublicKey,
  caseEventDigest,
  casePayloadDigest,
  fromBase64,
  utf8,
  verify,
} from '@corridor/crypto';
import {
  type CaseEventSchema,
  type Compartment,
  canMove,
  caseEventStatement,
  documentationCompartment,
  type EventInputSchema,
  isDocumentationKind,
  type Stage,
  StageSchema,
} from '@corridor/protocol';
import type { z } from 'zod';
import { ApiFailure } from '../http/error-handling.ts';
import { markLinkedContacts } from '../intake/suspected-contacts.ts';
import type { CaseFileTable } from '../storage/schema.ts';
import type { Storage } from '../storage/storage.ts';
import { compartmentVersions, heldCompartments } from './case-access.ts';
import { recordMentions } from './case-mentions.ts';
import { applyOperation, assertOperationFits } from './case-operations.ts';
import { applyVerification, verificationColumns, verificationOf } from './case-verification.ts';

type Db = Storage['db'];
type EventInput = z.infer<typeof EventInputSchema>;

/** Where an event goes and what the server already holds there. */
interface Place {
  readonly caseId: string;
  readonly authorId: string;
  /** The case as it is before this event (null for its first). */
  readonly current: Pick<CaseFileTable, 'stage' | 'closed_reason' | 'version' | 'last_hash'> | null;
}

/** The workflow columns an event leaves the case with. */
export interface WorkflowState {
  stage: Stage;
  closed_reason: string | null;
  assignee_id: string | null;
  risk_level: number;
}

/**
 * Checks an event's signature by its author over the statement (purpose `case-event`)
 * and returns the digests the chain and storage need. A payload that is not base64
 * is `invalid_request` (via the crypto error); a signature that fails is too.
 */
export async function verifyEventSignature(db: Db, place: Place, event: EventInput) {
  const payloadDigest = casePayloadDigest(fromBase64(event.payload));
  const statement = caseEventStatement(place.caseId, place.authorId, event, payloadDigest);
  const author = await db
    .selectFrom('account')
    .select('sign_public_key')
    .where('id', '=', place.authorId)
    .executeTakeFirstOrThrow();
  const valid = verify(
    asSignPublicKey(fromBase64(author.sign_public_key)),
    'case-event',
    utf8(statement),
    fromBase64(event.signature),
  );
  if (!valid) throw new ApiFailure('invalid_request');
  return { payloadDigest, hash: caseEventDigest(statement) };
}

/** An assignee must be an active member of a team that holds the case's `general`. */
export async function assertAssignable(db: Db, caseId: string, accountId: string): Promise<void> {
  const row = await db
    .selectFrom('case_access')
    .innerJoin('team_member', 'team_member.team_id', 'case_access.team_id')
    .innerJoin('account', 'account.id', 'team_member.account_id')
    .select('account.id')
    .where('case_access.case_id', '=', caseId)
    .where('case_access.compartment', '=', 'general')
    .where('team_member.account_id', '=', accountId)
    .where('account.status', '=', 'active')
    .executeTakeFirst();
  if (!row) throw new ApiFailure('invalid_request');
}

/**
 * The workflow after an event: only `general` events of kind `case.opened` or
 * `workflow.changed` carry a change; stages move only as `stageTransitions` allows;
 * closing needs a reason and leaving `closed` drops it.
 */
export async function nextWorkflow(
  db: Db,
  caseId: string,
  before: WorkflowState | null,
  event: EventInput,
): Promise<WorkflowState | null> {
  const change = event.workflow;
  const carries = event.kind === 'case.opened' || event.kind === 'workflow.changed';
  if (carries !== (change !== null)) throw new ApiFailure('invalid_request');
  if (change === null) return before;
  if (event.compartment !== 'general') throw new ApiFailure('invalid_request');

  let state: WorkflowState;
  if (before === null) {
    // The first event opens the case in `new`, with a risk level.
    if (change.stage !== 'new' || change.riskLevel === undefined || change.closedReason) {
      throw new ApiFailure('invalid_request');
    }
    state = { stage: 'new', closed_reason: null, assignee_id: null, risk_level: change.riskLevel };
  } else {
    state = { ...before };
    if (change.stage !== undefined) {
      if (!canMove(before.stage, change.stage)) throw new ApiFailure('invalid_request');
      state.stage = change.stage;
    }
    if (state.stage === 'closed' && change.stage === 'closed') {
      if (!change.closedReason) throw new ApiFailure('invalid_request');
      state.closed_reason = change.closedReason;
    } else if (change.closedReason) {
      throw new ApiFailure('invalid_request');
    } else if (state.stage !== 'closed') {
      state.closed_reason = null;
    }
    if (change.riskLevel !== undefined) state.risk_level = change.riskLevel;
  }
  if (change.assigneeId !== undefined) {
    if (change.assigneeId !== null) await assertAssignable(db, caseId, change.assigneeId);
    state.assignee_id = change.assigneeId;
  }
  return state;
}

/**
 * Appends an event to an existing case inside the caller's transaction: the version it
 * was written against must be the case's (else `conflict` with the current one), it
 * must follow the last event in the chain, be in a compartment the author's teams hold
 * under its current key, be signed by the author, and make an allowed workflow move.
 * @returns the case's new version
 */
export async function appendEvent(
  trx: Db,
  caseId: string,
  authorId: string,
  expectedVersion: number,
  event: EventInput,
  now: string,
): Promise<number> {
  const current = await trx
    .selectFrom('case_file')
    .selectAll()
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!current) throw new ApiFailure('not_found');
  if (current.version !== expectedVersion) throw new ApiFailure('conflict', current.version);
  if (event.seq !== expectedVersion + 1 || event.prevHash !== current.last_hash) {
    throw new ApiFailure('invalid_request');
  }
  // Documentation is kept where only the teams given testimonies read it: a testimony
  // in `general` would reach every team on the case, so the server refuses it unread.
  if (isDocumentationKind(event.kind) && event.compartment !== documentationCompartment) {
    throw new ApiFailure('wrong_compartment');
  }
  const held = await heldCompartments(trx, caseId, authorId);
  if (!held.has(event.compartment as Compartment)) throw new ApiFailure('forbidden');
  const versions = await compartmentVersions(trx, caseId);
  if (versions.get(event.compartment) !== event.keyVersion) throw new ApiFailure('invalid_request');

  const { payloadDigest, hash } = await verifyEventSignature(
    trx,
    { caseId, authorId, current },
    event,
  );
  const before: WorkflowState = {
    stage: StageSchema.parse(current.stage),
    closed_reason: current.closed_reason,
    assignee_id: current.assignee_id,
    risk_level: current.risk_level,
  };
  const after = (await nextWorkflow(trx, caseId, before, event)) ?? before;
  const verification = applyVerification(
    verificationOf(current),
    event,
    authorId,
    event.workflow?.stage !== undefined && event.workflow.stage !== before.stage
      ? after.stage
      : null,
  );

  const moved = await trx
    .updateTable('case_file')
    .set({
      ...after,
      ...verificationColumns(verification),
      version: event.seq,
      last_hash: hash,
      updated_at: now,
    })
    .where('id', '=', caseId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (moved.numUpdatedRows !== 1n) {
    const latest = await trx
      .selectFrom('case_file')
      .select('version')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    throw new ApiFailure('conflict', latest.version);
  }
  if (
    verification.outcome === 'suspected_infiltrator' &&
    current.verification !== 'suspected_infiltrator'
  ) {
    await markLinkedContacts(trx, caseId, authorId, now);
  }
  await applyTask(trx, caseId, authorId, event, now);
  await applyOperation(trx, caseId, authorId, event, now);
  await insertEvent(trx, caseId, authorId, event, payloadDigest, now);
  await recordMentions(trx, caseId, authorId, event, now);
  return event.seq;
}

/**
 * A task event's server-visible part: `task.added` (in `general`) creates the task with
 * its due time and an assignee who can read the case; `task.done` closes an open one.
 * No other event may carry a task.
 */
async function applyTask(
  trx: Db,
  caseId: string,
  authorId: string,
  event: EventInput,
  now: string,
): Promise<void> {
  const { task } = event;
  const expected =
    task?.change === 'add' ? 'task.added' : task?.change === 'done' ? 'task.done' : null;
  const isTaskKind = event.kind === 'task.added' || event.kind === 'task.done';
  if (expected !== (isTaskKind ? event.kind : null)) throw new ApiFailure('invalid_request');
  if (!task) return;
  if (event.compartment !== 'general') throw new ApiFailure('invalid_request');
  if (task.change === 'add') {
    if (task.assigneeId !== null) await assertAssignable(trx, caseId, task.assigneeId);
    // A task id already used is a primary-key violation: `conflict`.
    await trx
      .insertInto('case_task')
      .values({
        id: task.id,
        case_id: caseId,
        due_at: new Date(task.dueAt).toISOString(),
        assignee_id: task.assigneeId,
        created_by: authorId,
        created_at: now,
        done_at: null,
        done_by: null,
      })
      .execute();
    return;
  }
  const done = await trx
    .updateTable('case_task')
    .set({ done_at: now, done_by: authorId })
    .where('id', '=', task.id)
    .where('case_id', '=', caseId)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  if (done.numUpdatedRows !== 1n) throw new ApiFailure('invalid_request');
}

export async function insertEvent(
  db: Db,
  caseId: string,
  authorId: string,
  event: EventInput,
  payloadDigest: string,
  now: string,
): Promise<void> {
  // Every write stores through here, so no other kind can carry mentions by any endpoint.
  if (event.mentions !== undefined && event.kind !== 'note.added') {
    throw new ApiFailure('invalid_request');
  }
  // Likewise a verification step, only on the kind written for it (`verificationKinds`).
  if ((event.verification === undefined) !== !event.kind.startsWith('verification.')) {
    throw new ApiFailure('invalid_request');
  }
  assertOperationFits(event);
  await db
    .insertInto('case_event')
    .values({
      case_id: caseId,
      seq: event.seq,
      compartment: event.compartment,
      key_version: event.keyVersion,
      kind: event.kind,
      author_id: authorId,
      created_at: now,
      payload: event.payload,
      payload_digest: payloadDigest,
      prev_hash: event.prevHash,
      signature: event.signature,
      workflow: event.workflow === null ? null : JSON.stringify(event.workflow),
      task: event.task ? JSON.stringify(event.task) : null,
      key_ids: event.keyIds ? JSON.stringify(event.keyIds) : null,
      mentions: event.mentions ? JSON.stringify(event.mentions) : null,
      verification: event.verification ? JSON.stringify(event.verification) : null,
      operation: event.operation ? JSON.stringify(event.operation) : null,
    })
    .execute();
}

/** An event as a member sees it: the payload only if their teams hold its compartment. */
export function eventView(
  row: {
    seq: number;
    compartment: string;
    key_version: number;
    kind: string;
    author_id: string;
    created_at: string;
    payload: string;
    payload_digest: string;
    prev_hash: string;
    signature: string;
    workflow: string | null;
    task: string | null;
    key_ids: string | null;
    mentions: string | null;
    verification: string | null;
    operation: string | null;
  },
  readable: boolean,
): z.input<typeof CaseEventSchema> {
  return {
    seq: row.seq,
    compartment: row.compartment as Compartment,
    keyVersion: row.key_version,
    kind: row.kind as z.input<typeof CaseEventSchema>['kind'],
    authorId: row.author_id,
    createdAt: row.created_at,
    payload: readable ? row.payload : null,
    payloadDigest: row.payload_digest,
    prevHash: row.prev_hash,
    signature: row.signature,
    workflow: row.workflow === null ? null : JSON.parse(row.workflow),
    ...(row.task === null ? {} : { task: JSON.parse(row.task) }),
    ...(row.key_ids === null ? {} : { keyIds: JSON.parse(row.key_ids) }),
    ...(row.mentions === null ? {} : { mentions: JSON.parse(row.mentions) }),
    ...(row.verification === null ? {} : { verification: JSON.parse(row.verification) }),
    ...(row.operation === null ? {} : { operation: JSON.parse(row.operation) }),
  };
}
