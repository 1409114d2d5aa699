import { CurrencySchema, maxAmountMinor } from '@corridor/protocol';
import { z } from 'zod';

/** Where a leg stands: planned → departed → arrived, or cancelled. */
export const legStatuses = ['planned', 'departed', 'arrived', 'cancelled'] as const;
export type LegStatus = (typeof legStatuses)[number];

/** The moves a leg's status may make; arrived and cancelled are final. */
export const legTransitions: Readonly<Record<LegStatus, readonly LegStatus[]>> = {
  planned: ['departed', 'cancelled'],
  departed: ['arrived', 'cancelled'],
  arrived: [],
  cancelled: [],
};

/** The documents a route usually needs before anyone leaves (issue 7). */
export const checklistKinds = [
  'passport',
  'visa',
  'tickets',
  'medical',
  'invitation_letter',
  'other',
] as const;
export type ChecklistKind = (typeof checklistKinds)[number];

const text = (max: number) => z.string().max(max);
const accountId = z.string().min(1).max(64);
const when = z.iso.datetime({ offset: true });

export const ChecklistItemSchema = z.object({
  kind: z.enum(checklistKinds),
  /** What exactly (needed for `other`; a note for the rest). */
  label: text(200),
  required: z.boolean(),
  done: z.boolean(),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

export const LegSchema = z.object({
  /** Random (`randomToken(16)`), so edits and status changes name the leg, not its place. */
  id: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  from: text(200).min(1),
  to: text(200).min(1),
  transport: text(200),
  /** ISO 8601 datetimes. */
  departureAt: when,
  arrivalAt: when,
  /** The member who travels with the person, or null. */
  escortId: accountId.nullable(),
  coverStory: text(2000),
  documents: text(2000),
  /** Money advanced for this leg. */
  money: z
    .object({ amountMinor: z.number().int().min(0).max(maxAmountMinor), currency: CurrencySchema })
    .nullable(),
  /** Crossing a border: the documents checklist must be complete before it departs. */
  leavesCountry: z.boolean(),
  status: z.enum(legStatuses),
  statusBy: accountId.nullable(),
  statusAt: when.nullable(),
  /** Departed with the checklist incomplete: why, who decided, when. */
  override: z.object({ reason: text(2000).min(1), by: accountId, at: when }).nullable(),
});
export type EvacuationLeg = z.infer<typeof LegSchema>;

/** What an `evacuation.updated` event holds, encrypted in `location`: the whole plan. */
export const EvacuationPlanSchema = z.object({
  legs: z.array(LegSchema).max(30),
  checklist: z.array(ChecklistItemSchema).max(40),
});
export type EvacuationPlanContent = z.infer<typeof EvacuationPlanSchema>;

/** A leg as the member edits it: status and its history are kept by `setLegStatus`. */
export type LegInput = Omit<
  EvacuationLeg,
  'id' | 'status' | 'statusBy' | 'statusAt' | 'override'
> & {
  /** Absent for a new leg. */
  readonly id?: string;
};

export interface PlanInput {
  readonly legs: readonly LegInput[];
  readonly checklist: readonly ChecklistItem[];
}

/** A fresh plan's checklist: the usual documents, none required until someone says so. */
export const defaultChecklist = (): ChecklistItem[] =>
  checklistKinds
    .filter((kind) => kind !== 'other')
    .map((kind) => ({ kind, label: '', required: false, done: false }));
