import {
  type CaseVerification,
  type EventInputSchema,
  isCleared,
  nextVerification,
  type Stage,
  stagesNeedingClearance,
  VerificationOutcomeSchema,
  verificationCompartment,
  verificationKinds,
  verificationRefusal,
} from '@corridor/protocol';
import type { z } from 'zod';
import { ApiFailure } from '../http/error-handling.ts';
import type { CaseFileTable } from '../storage/schema.ts';

type EventInput = z.infer<typeof EventInputSchema>;
type VerificationRow = Pick<
  CaseFileTable,
  'verification_proposal_seq' | 'verification_proposed_by' | 'verification_override_seq'
> & { verification: string };

/** A case row's verification columns as the protocol's record. */
export const verificationOf = (row: VerificationRow): CaseVerification => ({
  outcome: VerificationOutcomeSchema.parse(row.verification),
  proposalSeq: row.verification_proposal_seq,
  proposedBy: row.verification_proposed_by,
  overrideSeq: row.verification_override_seq,
});

export const verificationColumns = (v: CaseVerification) => ({
  verification: v.outcome,
  verification_proposal_seq: v.proposalSeq,
  verification_proposed_by: v.proposedBy,
  verification_override_seq: v.overrideSeq,
});

/**
 * The case's verification after an event, refusing what the rules forbid: a step only
 * on its own kind and in `situation` (where its reasons are); confirming a proposal that
 * is not the pending one (`invalid_request`) or one's own (`second_member_required`);
 * overriding a suspected infiltrator (`invalid_request`); and, when the event moves the
 * case into evacuation, shelter or relocation (`enteringStage`), a case neither verified
 * nor overridden (`verification_required`).
 */
export function applyVerification(
  before: CaseVerification,
  event: EventInput,
  authorId: string,
  enteringStage: Stage | null,
): CaseVerification {
  const change = event.verification;
  let after = before;
  if (change) {
    if (
      event.kind !== verificationKinds[change.step] ||
      event.compartment !== verificationCompartment
    ) {
      throw new ApiFailure('invalid_request');
    }
    const refusal = verificationRefusal(before, change, authorId);
    if (refusal === 'own_proposal') throw new ApiFailure('second_member_required');
    if (refusal) throw new ApiFailure('invalid_request');
    after = nextVerification(before, change, event.seq, authorId);
  }
  if (enteringStage && stagesNeedingClearance.includes(enteringStage) && !isCleared(after)) {
    throw new ApiFailure('verification_required');
  }
  return after;
}
