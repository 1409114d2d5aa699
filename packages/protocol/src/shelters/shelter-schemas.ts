import { z } from 'zod';
import { base64Url } from '../common/base64-url.ts';

const id = z.string().min(1).max(64);
/** A shelter's, bed's or placement's id: 16 random bytes, base64url. */
export const ShelterIdSchema = base64Url(22).min(22);
export const BedIdSchema = base64Url(22).min(22);
export const PlacementIdSchema = base64Url(22).min(22);
/** A key sealed to a team's public key (docs/protocol/v1.md, sealed key). */
const sealedKey = base64Url(200);
const signature = base64Url(86).min(86);
/** Address, rules, house keeper's contact and notes, encrypted: 32 KiB of text is plenty. */
export const maxShelterPayloadChars = 45_000;
/** What a placement's sealed copy of the address may hold (address, rules, contact). */
export const maxPlacementAddressChars = 20_000;
export const maxSheltersPerTeam = 200;
export const maxSheltersListed = 1_000;
export const maxBedsPerShelter = 100;
/** Placements listed per shelter or per case: the newest first. */
export const maxPlacementsListed = 500;

/**
 * A shelter's name or code as the server may know it: a word the team chose, never the
 * address. Letters, digits, spaces and a few marks only, so an address line is harder to
 * paste by mistake (the UI says so too).
 */
export const ShelterCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N} ._#-]+$/u, 'letters, digits, spaces and . _ # - only');
/** A bed's short label ("2A", "upper left"): a room label, not an address. */
export const BedLabelSchema = z
  .string()
  .trim()
  .min(1)
  .max(16)
  .regex(/^[\p{L}\p{N} ._#-]+$/u, 'letters, digits, spaces and . _ # - only');

/** A calendar day, `YYYY-MM-DD` (placements are by day, in the organisation's calendar). */
export const DaySchema = z.iso.date();

export const BedSchema = z.object({ id: BedIdSchema, label: BedLabelSchema });

export const ShelterParams = z.object({ shelterId: ShelterIdSchema });
export const ShelterPlacementParams = z.object({
  shelterId: ShelterIdSchema,
  placementId: PlacementIdSchema,
});

/** A shelter's encrypted record: a fresh key sealed to the shelter team, the record under it. */
const RecordFields = {
  teamKeyVersion: z.number().int().min(1),
  sealedKey,
  /** Record envelope under the sealed key, bound to team, shelter and version. */
  payload: base64Url(maxShelterPayloadChars),
  /** Ed25519 by the author, purpose `shelter-record`, over `shelterStatement`. */
  signature,
};

/**
 * A shelter's next version (or its first, `expectedVersion` 0). The code and the beds are
 * for the server (occupancy); the rest is ciphertext for the shelter team alone.
 */
export const PutShelterBody = z.object({
  expectedVersion: z.number().int().min(0),
  teamId: id,
  code: ShelterCodeSchema,
  beds: z
    .array(BedSchema)
    .min(1)
    .max(maxBedsPerShelter)
    .refine((beds) => new Set(beds.map((b) => b.id)).size === beds.length, 'bed ids repeat'),
  ...RecordFields,
});
export const ShelterSaved = z.object({ version: z.number().int().min(1) });

export const BedOccupancySchema = z.object({
  id: BedIdSchema,
  label: BedLabelSchema,
  /** Someone is placed in it today. */
  occupied: z.boolean(),
});

/**
 * A shelter as one member sees it: code, beds and occupancy for every member; the
 * encrypted record (`record`) only for members of the shelter team.
 */
export const ShelterSummarySchema = z
  .object({
    id: ShelterIdSchema,
    teamId: id,
    code: z.string().max(40),
    version: z.number().int().min(1),
    /** How many beds: one person each. */
    capacity: z.number().int().min(0),
    /** Beds taken today. */
    occupied: z.number().int().min(0),
    free: z.number().int().min(0),
    /** Requests waiting for the shelter team. */
    pending: z.number().int().min(0),
    beds: z.array(BedOccupancySchema).max(maxBedsPerShelter),
    updatedAt: z.iso.datetime(),
    record: z
      .object({ ...RecordFields, authorId: id })
      .nullable()
      .describe('Only for members of the shelter team; null for everyone else.'),
  })
  .meta({ id: 'ShelterSummary' });

export const ShelterList = z.object({
  /** Today as the server counts occupancy. */
  today: DaySchema,
  shelters: z.array(ShelterSummarySchema).max(maxSheltersListed),
});

export const placementStatuses = ['requested', 'accepted', 'declined', 'ended'] as const;
export const PlacementStatusSchema = z.enum(placementStatuses);
export type PlacementStatus = z.infer<typeof PlacementStatusSchema>;

/** The address (and rules, contact) sealed to the requesting team on acceptance. */
export const SealedAddressSchema = z.object({
  /** Of the requesting team's key the address was sealed to. */
  teamKeyVersion: z.number().int().min(1),
  sealedKey,
  payload: base64Url(maxPlacementAddressChars),
  /** Ed25519 by the accepting member, purpose `placement-address`, over `placementAddressStatement`. */
  signature,
});

export const PlacementSchema = z
  .object({
    id: PlacementIdSchema,
    shelterId: ShelterIdSchema,
    shelterCode: z.string().max(40),
    caseId: id,
    /** The team the coordinator asked for, which the address is sealed to. */
    requestingTeamId: id,
    requestedBy: id,
    status: PlacementStatusSchema,
    /** The bed asked for, then the one given on acceptance. */
    bedId: BedIdSchema.nullable(),
    from: DaySchema,
    /** The day the person leaves (the bed is free that day); null while open-ended. */
    to: DaySchema.nullable(),
    decidedBy: id.nullable(),
    decidedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    /**
     * Only on an accepted or ended placement, only to members who hold the case, and only
     * while the case is verified.
     */
    address: SealedAddressSchema.nullable(),
  })
  .meta({ id: 'Placement' });

export const PlacementList = z.object({
  placements: z.array(PlacementSchema).max(maxPlacementsListed),
});

/** A coordinator asks the shelter team to take a verified case in. */
export const RequestPlacementBody = z.object({
  shelterId: ShelterIdSchema,
  bedId: BedIdSchema.nullable(),
  /** One of the coordinator's teams that holds the case's `general`: the address is sealed to it. */
  requestingTeamId: id,
  from: DaySchema,
  to: DaySchema.nullable(),
});
export const PlacementCreated = z.object({ id: PlacementIdSchema });

/** The shelter team takes the person in: a free bed, and the address sealed to the requesting team. */
export const AcceptPlacementBody = z.object({
  bedId: BedIdSchema,
  address: SealedAddressSchema,
});
export const EndPlacementBody = z.object({
  /** The day the person moved out: on or after `from`, not after `to`. */
  on: DaySchema,
});
export const PlacementChanged = z.object({ status: PlacementStatusSchema });

/**
 * The text a shelter record's author signs (purpose `shelter-record`): team, shelter,
 * version, code, beds, sealed key and ciphertext — so the server can neither plant a
 * shelter (anyone can seal to a team's public key) nor move a record onto another.
 */
export const shelterStatement = (
  teamId: string,
  shelterId: string,
  version: number,
  record: {
    code: string;
    beds: readonly { id: string; label: string }[];
    teamKeyVersion: number;
    sealedKey: string;
    payload: string;
  },
): string =>
  JSON.stringify([
    'shelter-record',
    teamId,
    shelterId,
    version,
    record.code,
    record.beds.map((b) => [b.id, b.label]),
    record.teamKeyVersion,
    record.sealedKey,
    record.payload,
  ]);

/**
 * The text the accepting member signs over the address they seal for the requesting team
 * (purpose `placement-address`): the coordinator's browser checks it, so a server that
 * seals an address of its own (a trap) to the team's public key is caught.
 */
export const placementAddressStatement = (
  placement: { id: string; caseId: string; shelterId: string; requestingTeamId: string },
  bedId: string,
  address: { teamKeyVersion: number; sealedKey: string; payload: string },
): string =>
  JSON.stringify([
    'placement-address',
    placement.id,
    placement.caseId,
    placement.shelterId,
    bedId,
    placement.requestingTeamId,
    address.teamKeyVersion,
    address.sealedKey,
    address.payload,
  ]);

/** Whether two stays overlap: `from` inclusive, `to` exclusive (null: open-ended). */
export function staysOverlap(
  a: { from: string; to: string | null },
  b: { from: string; to: string | null },
): boolean {
  return (b.to === null || a.from < b.to) && (a.to === null || b.from < a.to);
}
