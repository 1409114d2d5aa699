import { z } from 'zod';
import { base64Url } from '../common/base64-url.ts';

/** An id a browser makes for a check-in or an expense (16 random bytes). */
export const OperationIdSchema = base64Url(22).min(22);
const accountId = base64Url(22).min(22);
const teamId = z.string().min(1).max(64);
const digest = base64Url(43).min(43);

/**
 * One rung of a check-in's escalation ladder, agreed when the trip is planned (Defender's
 * Protocol): who is alerted, how long after the alarm is raised. The first rung is the
 * first contact (0 minutes), then a backup, then the organisation's emergency duty team.
 */
export const LadderStepSchema = z
  .object({
    afterMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60),
    accountIds: z.array(accountId).max(10),
    teamIds: z.array(teamId).max(5),
  })
  .strict()
  .refine((step) => step.accountIds.length + step.teamIds.length > 0, {
    message: 'a rung alerts someone',
  });
export type LadderStep = z.infer<typeof LadderStepSchema>;

/** Why a check-in is due: a safe arrival at the end of a leg, or a follow-up after relocation. */
export const checkinPurposes = ['arrival', 'follow_up'] as const;
export const CheckinPurposeSchema = z.enum(checkinPurposes);

/**
 * How the word digests were made (`checkinWordDigest` in packages/crypto): `argon2id-v1`,
 * or — absent, in schedules signed before it existed — BLAKE2b. Schedules already
 * signed stay valid; new ones say `argon2id-v1`.
 */
export const checkinWordKdfs = ['argon2id-v1'] as const;

/**
 * Words the evacuee may check in with through their intake conversation: a digest of the
 * salt and the normalised word (`kdf`). The duress word looks like a normal check-in to
 * whoever watches and raises a silent alarm.
 */
export const CheckinWordsSchema = z
  .object({
    salt: base64Url(22).min(22),
    safe: digest,
    duress: digest,
    kdf: z.enum(checkinWordKdfs).optional(),
  })
  .strict()
  .refine((words) => words.safe !== words.duress, { message: 'two different words' });

/** The outcome a member records for a check-in (the evacuee's own through the channel). */
export const checkinOutcomes = ['safe', 'duress'] as const;
export const CheckinOutcomeSchema = z.enum(checkinOutcomes);

/**
 * The server-visible, signed part of a rescue operation on a case: what the server must
 * know to keep a durable schedule of check-ins (due time, grace, whom to alert; never the
 * route) and to enforce a second member's approval of spending (never the amount).
 */
export const CaseOperationSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('checkin.schedule'),
      id: OperationIdSchema,
      purpose: CheckinPurposeSchema,
      dueAt: z.iso.datetime(),
      graceMinutes: z
        .number()
        .int()
        .min(0)
        .max(24 * 60),
      ladder: z
        .array(LadderStepSchema)
        .min(1)
        .max(5)
        .refine(
          (steps) =>
            steps.every((s, i) => i === 0 || s.afterMinutes > (steps[i - 1]?.afterMinutes ?? -1)),
          {
            message: 'rungs in order of time',
          },
        ),
      /** The intake conversation the evacuee may check in through, or null (staff only). */
      conversationId: z.string().min(1).max(64).nullable(),
      words: CheckinWordsSchema.nullable(),
    })
    .strict(),
  z
    .object({
      op: z.literal('checkin.record'),
      id: OperationIdSchema,
      outcome: CheckinOutcomeSchema,
    })
    .strict(),
  z.object({ op: z.literal('checkin.cancel'), id: OperationIdSchema }).strict(),
  z
    .object({
      op: z.literal('expense.add'),
      id: OperationIdSchema,
      /** Over the organisation's threshold: readers check it against the encrypted amount. */
      needsApproval: z.boolean(),
    })
    .strict(),
  z.object({ op: z.literal('expense.approve'), id: OperationIdSchema }).strict(),
  z.object({ op: z.literal('expense.reject'), id: OperationIdSchema }).strict(),
]);
export type CaseOperation = z.infer<typeof CaseOperationSchema>;
export type CaseOperationName = CaseOperation['op'];

/** The event kind each operation is written as, and no other kind carries one. */
export const operationKinds = {
  'checkin.schedule': 'checkin.scheduled',
  'checkin.record': 'checkin.recorded',
  'checkin.cancel': 'checkin.cancelled',
  'expense.add': 'expense.added',
  'expense.approve': 'expense.approved',
  'expense.reject': 'expense.rejected',
} as const satisfies Record<CaseOperationName, string>;

/** Check-ins are about the route, so they live with it in `location`; spending in `general`. */
export const operationCompartments = {
  'checkin.schedule': 'location',
  'checkin.record': 'location',
  'checkin.cancel': 'location',
  'expense.add': 'general',
  'expense.approve': 'general',
  'expense.reject': 'general',
} as const satisfies Record<CaseOperationName, string>;

/** Object keys sorted at every level, so one parsed operation has one encoding. */
export function canonicalOperation(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalOperation);
  if (value && typeof value === 'object') {
    return Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => [key, canonicalOperation((value as Record<string, unknown>)[key])]);
  }
  return value;
}
