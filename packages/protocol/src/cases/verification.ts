import { z } from 'zod';
import type { Stage } from './workflow.ts';

/**
 * How a request was checked (product.md: police posed as victims to find others). The
 * methods are inside the encrypted record; only the outcome is for the server.
 */
export const verificationMethods = [
  'trusted_referrer',
  'document_review',
  'interview',
  'video_call',
  'agreed_callback',
  'reference_check',
] as const;
export const VerificationMethodSchema = z.enum(verificationMethods);
export type VerificationMethod = z.infer<typeof VerificationMethodSchema>;

/** The outcome of verification: workflow metadata the server may see and gate moves on. */
export const verificationOutcomes = [
  'unverified',
  'partially_verified',
  'verified',
  'suspected_infiltrator',
] as const;
export const VerificationOutcomeSchema = z.enum(verificationOutcomes);
export type VerificationOutcome = z.infer<typeof VerificationOutcomeSchema>;

/**
 * What a verification event tells the server, signed with it. `record` sets any outcome
 * but `verified`; `verified` takes two members: one `propose`s, another `confirm`s that
 * proposal (by its seq); `override` lets a case move on without it, its reason encrypted.
 */
export const VerificationChangeSchema = z.discriminatedUnion('step', [
  z
    .object({
      step: z.literal('record'),
      outcome: VerificationOutcomeSchema.exclude(['verified']),
    })
    .strict(),
  z.object({ step: z.literal('propose') }).strict(),
  z.object({ step: z.literal('confirm'), proposalSeq: z.number().int().min(1) }).strict(),
  z.object({ step: z.literal('override') }).strict(),
]);
export type VerificationChange = z.infer<typeof VerificationChangeSchema>;
export type VerificationStep = VerificationChange['step'];

/** The event kind each step is written as. */
export const verificationKinds = {
  record: 'verification.recorded',
  propose: 'verification.proposed',
  confirm: 'verification.confirmed',
  override: 'verification.overridden',
} as const satisfies Record<VerificationStep, string>;

/**
 * Verification details (methods, reason, referrer) go in `situation`: the part the
 * verifying hotline holds and a shelter team need not, since reasons name referrers
 * and documents (docs/decisions/0029-verification.md).
 */
export const verificationCompartment = 'situation' as const;

/** Where a case meets people and places others depend on: it must be cleared first. */
export const stagesNeedingClearance: readonly Stage[] = ['evacuation', 'shelter', 'relocation'];

/** A case's verification as the server holds it and shows it in the summary. */
export const CaseVerificationSchema = z.object({
  outcome: VerificationOutcomeSchema,
  /** The pending proposal of `verified`: its event's seq and author; null when none. */
  proposalSeq: z.number().int().min(1).nullable(),
  proposedBy: z.string().min(1).max(64).nullable(),
  /** The seq of the override in force (none once another outcome is recorded). */
  overrideSeq: z.number().int().min(1).nullable(),
});
export type CaseVerification = z.infer<typeof CaseVerificationSchema>;

export const noVerification: CaseVerification = {
  outcome: 'unverified',
  proposalSeq: null,
  proposedBy: null,
  overrideSeq: null,
};

/** A case may enter `evacuation`, `shelter` or `relocation` only verified or overridden. */
export const isCleared = (v: CaseVerification): boolean =>
  v.outcome === 'verified' || (v.overrideSeq !== null && v.outcome !== 'suspected_infiltrator');

/**
 * Why a verification step is refused, or null when it applies — one rule for the server
 * (which enforces it) and clients (which replay signed history to check the server).
 */
export function verificationRefusal(
  before: CaseVerification,
  change: VerificationChange,
  authorId: string,
): 'no_proposal' | 'own_proposal' | 'suspected' | null {
  if (change.step === 'confirm') {
    if (before.proposalSeq === null || before.proposalSeq !== change.proposalSeq) {
      return 'no_proposal';
    }
    if (before.proposedBy === authorId) return 'own_proposal';
  }
  // Moving a suspected infiltrator on needs a new outcome on record first, not a bypass.
  if (change.step === 'override' && before.outcome === 'suspected_infiltrator') return 'suspected';
  return null;
}

/** The verification after an accepted step at `seq` by `authorId`. */
export function nextVerification(
  before: CaseVerification,
  change: VerificationChange,
  seq: number,
  authorId: string,
): CaseVerification {
  switch (change.step) {
    case 'record':
      return { outcome: change.outcome, proposalSeq: null, proposedBy: null, overrideSeq: null };
    case 'propose':
      return { ...before, proposalSeq: seq, proposedBy: authorId };
    case 'confirm':
      return { outcome: 'verified', proposalSeq: null, proposedBy: null, overrideSeq: null };
    case 'override':
      return { ...before, overrideSeq: seq };
  }
}
