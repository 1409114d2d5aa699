import type { z } from 'zod';
import type { TaskChangeSchema, WorkflowChangeSchema } from './case-schemas.ts';
import { type CaseOperation, canonicalOperation } from './operations.ts';
import type { VerificationChange } from './verification.ts';

type WorkflowChange = z.infer<typeof WorkflowChangeSchema>;
type TaskChange = z.infer<typeof TaskChangeSchema>;

const canonicalTask = (task: TaskChange) =>
  task.change === 'add' ? ['add', task.id, task.dueAt, task.assigneeId] : ['done', task.id];

const canonicalVerification = (change: VerificationChange) =>
  change.step === 'record'
    ? ['record', change.outcome]
    : change.step === 'confirm'
      ? ['confirm', change.proposalSeq]
      : [change.step];

/** Each field as `[]` (left as it was) or `[value]`, in one order: no two changes encode alike. */
function canonicalWorkflow(workflow: WorkflowChange | null) {
  if (workflow === null) return null;
  const field = <T>(value: T | undefined) => (value === undefined ? [] : [value]);
  return [
    field(workflow.stage),
    field(workflow.closedReason),
    field(workflow.assigneeId),
    field(workflow.riskLevel),
  ];
}

/**
 * The text an event's author signs (purpose `case-event`) and whose digest
 * (`case-event`) the next event names as `prevHash`. It binds the event to its case,
 * place in the chain, compartment key, kind, author, payload (by digest), the
 * workflow it sets, the members it mentions and the verification step it takes, so neither the server nor another
 * member can move or alter it.
 */
export function caseEventStatement(
  caseId: string,
  authorId: string,
  event: {
    readonly seq: number;
    readonly compartment: string;
    readonly keyVersion: number;
    readonly kind: string;
    readonly prevHash: string;
    readonly workflow: WorkflowChange | null;
    readonly task?: TaskChange | undefined;
    readonly keyIds?:
      | readonly { compartment: string; keyVersion: number; keyId: string }[]
      | undefined;
    readonly mentions?: readonly string[] | undefined;
    readonly verification?: VerificationChange | undefined;
    readonly operation?: CaseOperation | undefined;
  },
  payloadDigest: string,
): string {
  return JSON.stringify([
    'case-event',
    caseId,
    event.seq,
    event.compartment,
    event.keyVersion,
    event.kind,
    authorId,
    payloadDigest,
    event.prevHash,
    canonicalWorkflow(event.workflow),
    // Appended only when there is one, so events without a task keep their statement.
    ...(event.task ? [canonicalTask(event.task)] : []),
    ...(event.keyIds
      ? [['keys', event.keyIds.map((k) => [k.compartment, k.keyVersion, k.keyId])]]
      : []),
    // Last and only when present, so every event written before mentions keeps its statement.
    ...(event.mentions ? [['mentions', [...event.mentions]]] : []),
    // After mentions (never on the same event) and only when present, as above.
    ...(event.verification ? [['verification', canonicalVerification(event.verification)]] : []),
    // Last again and only when present: a check-in or expense step (never with the above).
    ...(event.operation ? [['operation', canonicalOperation(event.operation)]] : []),
  ]);
}
