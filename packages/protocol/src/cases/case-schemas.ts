import { z } from 'zod';
import { base64Url } from '../common/base64-url.ts';
import { CaseOperationSchema } from './operations.ts';
import {
  CaseVerificationSchema,
  VerificationChangeSchema,
  VerificationOutcomeSchema,
} from './verification.ts';
import {
  ClosedReasonSchema,
  CompartmentSchema,
  EventKindSchema,
  RiskLevelSchema,
  StageSchema,
} from './workflow.ts';

const id = z.string().min(1).max(64);
/** Case ids are made by the creating browser (16 random bytes), so events can bind them. */
export const CaseIdSchema = base64Url(22).min(22);
/** A blob's id (an attachment's encrypted bytes): 16 random bytes the server makes. */
export const BlobIdSchema = base64Url(22).min(22);
const digest = base64Url(43).min(43);
const signature = base64Url(86).min(86);
/** A compartment key sealed to a team's public key (docs/protocol/v1.md, sealed key). */
const sealedKey = base64Url(200);
/** Encrypted payloads are bounded: 64 KiB of text per event; files go as attachments. */
export const maxPayloadChars = 90_000;

/**
 * Server-visible workflow an event sets, signed with it so clients can check the server
 * shows what the author chose. Only `general` events may carry one.
 */
export const WorkflowChangeSchema = z
  .object({
    stage: StageSchema.optional(),
    closedReason: ClosedReasonSchema.nullable().optional(),
    assigneeId: id.nullable().optional(),
    riskLevel: RiskLevelSchema.optional(),
  })
  .strict();

/** A task's id, made by the browser that adds it (16 random bytes). */
export const TaskIdSchema = base64Url(22).min(22);

/** An account's id as the server makes it (16 random bytes). */
export const AccountIdSchema = base64Url(22).min(22);
/** A note mentions a few members, not a team: a longer list is a broadcast, not a mention. */
export const maxMentions = 20;
/**
 * The members a `note.added` event mentions, in the clear so the server can tell them, and
 * signed with the event so the server cannot add or drop one. No id twice.
 */
export const MentionsSchema = z.array(AccountIdSchema).min(1).max(maxMentions);

/**
 * What a `task.added` or `task.done` event tells the server, signed with it: the due
 * time and assignee it may know (the task's text is in the encrypted payload).
 */
export const TaskChangeSchema = z.discriminatedUnion('change', [
  z
    .object({
      change: z.literal('add'),
      id: TaskIdSchema,
      dueAt: z.iso.datetime(),
      assigneeId: id.nullable(),
    })
    .strict(),
  z.object({ change: z.literal('done'), id: TaskIdSchema }).strict(),
]);

/** One event as its author's browser writes it. */
export const EventInputSchema = z.object({
  seq: z.number().int().min(1),
  compartment: CompartmentSchema,
  keyVersion: z.number().int().min(1),
  kind: EventKindSchema,
  /** Record envelope (docs/protocol/v1.md) under the compartment key. */
  payload: base64Url(maxPayloadChars),
  /** Digest of the previous event's statement (the case's genesis digest for seq 1). */
  prevHash: digest,
  /** Ed25519 by the author, purpose `case-event`, over the event statement. */
  signature,
  workflow: WorkflowChangeSchema.nullable(),
  /** Only on `task.added` and `task.done`; absent otherwise. */
  task: TaskChangeSchema.optional(),
  /** Only on `note.added`, and then only members who can read the note; absent otherwise. */
  mentions: MentionsSchema.optional(),
  /** Only on `verification.*` events (in `situation`): the step, signed; absent otherwise. */
  verification: VerificationChangeSchema.optional(),
  /** Only on the kinds `operationKinds` names: a check-in or expense step, signed; absent otherwise. */
  operation: CaseOperationSchema.optional(),
  /**
   * On the events that bring in compartment keys (`case.opened`, `access.revoked`,
   * `key.rotated`): each new key's id, BLAKE2b (`case-key-id`) of the key, so clients
   * take a key only if a signed event committed to it.
   */
  keyIds: z
    .array(
      z.object({
        compartment: CompartmentSchema,
        keyVersion: z.number().int().min(1),
        keyId: digest,
      }),
    )
    .min(1)
    .max(5)
    .optional(),
});

export const CaseEventSchema = EventInputSchema.extend({
  authorId: id,
  createdAt: z.iso.datetime(),
  /** BLAKE2b (`case-payload`) of the payload, so the chain checks without it. */
  payloadDigest: digest,
  /** Null when the caller's teams do not hold this compartment. */
  payload: base64Url(maxPayloadChars).nullable(),
}).meta({ id: 'CaseEvent' });

export const CompartmentGrantSchema = z.object({
  compartment: CompartmentSchema,
  keyVersion: z.number().int().min(1),
  teamId: id,
  /** The team key version the compartment key is sealed to. */
  teamKeyVersion: z.number().int().min(1),
  sealedKey,
});

export const CaseSummarySchema = z
  .object({
    id: CaseIdSchema,
    stage: StageSchema,
    closedReason: ClosedReasonSchema.nullable(),
    assigneeId: id.nullable(),
    riskLevel: RiskLevelSchema,
    version: z.number().int().min(1),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    /** What the caller's teams hold of this case. */
    compartments: z.array(CompartmentSchema).max(5),
    openTasks: z.number().int().min(0),
    /** When the earliest open task is due; past it, the case is overdue. */
    nextDueAt: z.iso.datetime().nullable(),
    /** The verification outcome, any pending proposal of `verified` and override in force. */
    verification: CaseVerificationSchema,
  })
  .meta({ id: 'CaseSummary' });

export const CaseTaskSchema = z.object({
  id: TaskIdSchema,
  dueAt: z.iso.datetime(),
  assigneeId: id.nullable(),
  createdBy: id,
  createdAt: z.iso.datetime(),
  doneAt: z.iso.datetime().nullable(),
  doneBy: id.nullable(),
});

export const CreateCaseBody = z.object({
  id: CaseIdSchema,
  /** Each compartment key (version 1) sealed to each team that may read it. */
  grants: z.array(CompartmentGrantSchema).min(1).max(100),
  /** `case.opened`, seq 1, in `general`, setting the stage to `new` and a risk level. */
  event: EventInputSchema,
});

export const CaseParams = z.object({ caseId: CaseIdSchema });

export const CaseListQuery = z.object({
  stage: StageSchema.optional(),
  assigneeId: id.optional(),
  minRisk: z.coerce.number().int().min(0).max(5).optional(),
  /** Only cases with an open task past its due time. */
  overdue: z.enum(['true']).optional(),
  verification: VerificationOutcomeSchema.optional(),
});
export const CaseList = z.object({ cases: z.array(CaseSummarySchema).max(20_000) });

export const CaseDetail = z
  .object({
    summary: CaseSummarySchema,
    /** The caller's teams' sealed compartment keys (current versions). */
    keys: z.array(CompartmentGrantSchema).max(100),
    /** Each older compartment key wrapped under the next version's key. */
    keyChain: z
      .array(
        z.object({
          compartment: CompartmentSchema,
          keyVersion: z.number().int().min(1),
          wrappedKey: sealedKey,
        }),
      )
      .max(100_000),
    /** Which teams hold which compartment now: the access panel. */
    access: z
      .array(z.object({ compartment: CompartmentSchema, teamId: id, teamName: z.string().max(60) }))
      .max(500),
    events: z.array(CaseEventSchema).max(100_000),
    tasks: z.array(CaseTaskSchema).max(10_000),
  })
  .meta({ id: 'CaseDetail' });

/** The most cases one batch read names: bounds one answer and one transaction. */
export const maxCaseBatch = 250;

export const CaseBatchBody = z.object({
  /** Case ids; each may appear once in the answer, whatever repeats here. */
  ids: z.array(CaseIdSchema).min(1).max(maxCaseBatch),
});
/**
 * The named cases the caller's teams hold, each exactly as `getCase` answers it; a case
 * they do not hold and one that does not exist are both just absent.
 */
export const CaseBatch = z
  .object({ cases: z.array(CaseDetail).max(maxCaseBatch) })
  .meta({ id: 'CaseBatch' });

/**
 * Ordinary events (notes, changes, tasks, attachments) a case takes; past it only access
 * changes are accepted, so a full case can still shut out a team that lost it.
 */
export const maxEventsPerCase = 50_000;
/** Key versions one compartment of a case may reach (each access revoked or key rotated). */
export const maxKeyVersions = 1_000;

export const AppendEventBody = z.object({
  /** The case version the author saw; a stale one gets `conflict` with the current one. */
  expectedVersion: z.number().int().min(1),
  event: EventInputSchema,
  /**
   * With `attachment.added` only, and then required: the finished upload the event's
   * encrypted payload names. The server keeps the blob from then on and serves it to
   * holders of the event's compartment.
   */
  blobId: BlobIdSchema.optional(),
});
export const EventAppended = z.object({ version: z.number().int().min(1) });

export const GrantAccessBody = z.object({
  expectedVersion: z.number().int().min(1),
  /** The compartment's current key sealed to the new team. */
  grant: CompartmentGrantSchema,
  /** `access.granted` in `general`, recording it in the timeline. */
  event: EventInputSchema,
});

export const RevokeAccessBody = z.object({
  expectedVersion: z.number().int().min(1),
  compartment: CompartmentSchema,
  /**
   * The team losing the compartment; null to give it a new key and keep every team
   * (after someone left a team that holds it: they knew the old key).
   */
  teamId: id.nullable(),
  /** The compartment's new key (version + 1) sealed to every team that keeps access. */
  grants: z.array(CompartmentGrantSchema).max(100),
  /** The previous compartment key wrapped under the new one: the chain to older events. */
  previousKeyWrapped: sealedKey,
  /** `access.revoked` (or `key.rotated` when no team loses access) in `general`. */
  event: EventInputSchema,
});
