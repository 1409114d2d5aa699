import { z } from 'zod';

/** The parts of a case, each with its own key (domain.md). `general` holds notes and tasks. */
export const compartments = ['general', 'identity', 'situation', 'location', 'testimony'] as const;
export const CompartmentSchema = z.enum(compartments);
export type Compartment = z.infer<typeof CompartmentSchema>;

export const stages = [
  'new',
  'triage',
  'verification',
  'evacuation',
  'shelter',
  'relocation',
  'closed',
] as const;
export const StageSchema = z.enum(stages);
export type Stage = z.infer<typeof StageSchema>;

export const closedReasons = [
  'relocated',
  'settled_in_country',
  'declined',
  'lost_contact',
  'unsafe_to_continue',
  'deceased',
] as const;
export const ClosedReasonSchema = z.enum(closedReasons);
export type ClosedReason = z.infer<typeof ClosedReasonSchema>;

/**
 * The moves a case may make. Forward along the path, skipping what a case does not
 * need (not every person needs a shelter or relocation), a step back where plans fail,
 * closing from anywhere with a reason, and reopening a closed case into triage.
 */
export const stageTransitions: Readonly<Record<Stage, readonly Stage[]>> = {
  new: ['triage', 'closed'],
  triage: ['verification', 'closed'],
  verification: ['triage', 'evacuation', 'shelter', 'relocation', 'closed'],
  evacuation: ['verification', 'shelter', 'relocation', 'closed'],
  shelter: ['evacuation', 'relocation', 'closed'],
  relocation: ['shelter', 'closed'],
  closed: ['triage'],
};

export const canMove = (from: Stage, to: Stage): boolean => stageTransitions[from].includes(to);

/** Risk as the server may see it: a number only, 0 (none known) to 5 (life in danger now). */
export const RiskLevelSchema = z.number().int().min(0).max(5);

/** The kinds of event the server may see; what happened is inside the encrypted payload. */
export const eventKinds = [
  'case.opened',
  'note.added',
  'compartment.updated',
  'workflow.changed',
  'access.granted',
  'access.revoked',
  'key.rotated',
  'task.added',
  'task.done',
  'attachment.added',
  'verification.recorded',
  'verification.proposed',
  'verification.confirmed',
  'verification.overridden',
  'checkin.scheduled',
  'checkin.recorded',
  'checkin.cancelled',
  'expense.added',
  'expense.approved',
  'expense.rejected',
  'evacuation.updated',
  'relocation.updated',
  'referral.sent',
  'testimony.recorded',
  'violation.coded',
  'evidence.recorded',
  'evidence.custody',
] as const;
export const EventKindSchema = z.enum(eventKinds);
export type EventKind = z.infer<typeof EventKindSchema>;
