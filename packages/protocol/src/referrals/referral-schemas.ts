import { z } from 'zod';
import { EventInputSchema } from '../cases/case-schemas.ts';
import { base64Url } from '../common/base64-url.ts';
import { PartnerIdSchema } from '../partners/partner-schemas.ts';

/** A referral's id, made by the browser that builds the package (16 random bytes). */
export const ReferralIdSchema = base64Url(22).min(22);

/**
 * Where a referral is: `sent` until the partner answers (`accepted` / `declined`), then
 * `done` once an accepted referral is taken over; the coordinator may `revoke` a referral
 * that is `sent` or `accepted`.
 */
export const referralStates = ['sent', 'accepted', 'declined', 'done', 'revoked'] as const;
export const ReferralStateSchema = z.enum(referralStates);
export type ReferralState = z.infer<typeof ReferralStateSchema>;

/** Who may move a referral from each state, and where to. */
export const referralTransitions = {
  partner: { sent: ['accepted', 'declined'], accepted: ['done'] },
  coordinator: { sent: ['revoked'], accepted: ['revoked'] },
} as const satisfies Record<string, Partial<Record<ReferralState, readonly ReferralState[]>>>;

export function canMoveReferral(
  who: keyof typeof referralTransitions,
  from: ReferralState,
  to: ReferralState,
): boolean {
  const allowed = (
    referralTransitions[who] as Partial<Record<ReferralState, readonly ReferralState[]>>
  )[from];
  return allowed?.includes(to) ?? false;
}

/** The parts of a case a referral may draw fields from. */
export const referralSources = ['identity', 'situation', 'location', 'relocation'] as const;
export type ReferralSource = (typeof referralSources)[number];

/**
 * The name of a shared field, `source.field` (`identity.name`, `relocation.summary`): the
 * server keeps which fields went, never their values.
 */
export const ReferralFieldSchema = z
  .string()
  .max(100)
  .regex(
    /^(identity|situation|location|relocation)\.[\p{L}\p{M}\p{N} _.'()/-]{1,80}$/u,
    'source.field',
  );

export const maxReferralFields = 60;

/** The consent gate: the person agreed to this sharing, or a coordinator overrode with a reason. */
export const referralConsentBases = ['consent', 'override'] as const;
export const ReferralConsentSchema = z.enum(referralConsentBases);

/** Sealed to the partner's public key, or locked with a password given to them another way. */
export const referralModes = ['sealed', 'password'] as const;
export const ReferralModeSchema = z.enum(referralModes);
export type ReferralMode = z.infer<typeof ReferralModeSchema>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256, lower-case hex');
const accountId = z.string().min(1).max(64);

/**
 * A referral as the coordinator's browser made it: what the server keeps (partner, field
 * names, consent basis, mode, the package's SHA-256 and the digest of the partner's
 * response token) and the signed `referral.sent` event for the case's timeline, written in
 * the same transaction. The package itself never reaches the server.
 */
export const CreateReferralBody = z
  .object({
    referralId: ReferralIdSchema,
    partnerId: PartnerIdSchema,
    fields: z.array(ReferralFieldSchema).min(1).max(maxReferralFields),
    consent: ReferralConsentSchema,
    mode: ReferralModeSchema,
    packageSha256: sha256Hex,
    /** BLAKE2b (`referral-response`) of the token in the package; the token stays with the partner. */
    responseDigest: base64Url(43).min(43),
    /** The case version the event was written against. */
    expectedVersion: z.number().int().min(1),
    /** `referral.sent` in `general`: who, which fields, consent or override reason, encrypted. */
    event: EventInputSchema,
  })
  .strict();

export const ReferralChangeSchema = z.object({
  state: ReferralStateSchema,
  at: z.iso.datetime(),
  /** The member who changed it; null when the partner answered through their link. */
  by: accountId.nullable(),
});

export const ReferralSchema = z
  .object({
    id: ReferralIdSchema,
    caseId: z.string().min(1).max(64),
    partnerId: PartnerIdSchema,
    partnerName: z.string().max(200),
    state: ReferralStateSchema,
    fields: z.array(ReferralFieldSchema).max(maxReferralFields),
    consent: ReferralConsentSchema,
    mode: ReferralModeSchema,
    packageSha256: sha256Hex,
    createdBy: accountId,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    changes: z.array(ReferralChangeSchema).max(10),
  })
  .meta({ id: 'Referral' });
export type Referral = z.infer<typeof ReferralSchema>;

export const maxReferralsPerCase = 200;

export const CaseReferralParams = z.object({ caseId: z.string().min(1).max(64) });
export const ReferralItemParams = CaseReferralParams.extend({ referralId: ReferralIdSchema });
export const ReferralList = z.object({
  referrals: z.array(ReferralSchema).max(maxReferralsPerCase),
});
export const ReferralCreated = z.object({ referral: ReferralSchema, version: z.number().int() });
export const ReferralRevoked = z.object({ referral: ReferralSchema });
/** Where the partner answers: the public listener's address (`CORRIDOR_PUBLIC_URL`), if set. */
export const ReferralSettings = z.object({ responseBaseUrl: z.url().nullable() });

/** The package's format version; a partner's tool refuses one it does not know. */
export const referralPackageFormat = 'corridor-referral/1';
/** The purpose a password-locked package is bound to. */
export const referralPackagePurpose = 'referral-package';

/** What a partner finds when they open a package. */
export const ReferralPackageSchema = z.object({
  format: z.literal(referralPackageFormat),
  referralId: ReferralIdSchema,
  /** Who refers: the organisation and the member, as the member chose to sign it. */
  from: z.object({ organisation: z.string().max(200), member: z.string().max(200) }),
  to: z.object({ partnerId: PartnerIdSchema, name: z.string().max(200) }),
  createdAt: z.iso.datetime(),
  /** Only the fields the coordinator chose, by `source.field`. */
  fields: z.record(ReferralFieldSchema, z.string().max(20_000)),
  response: z.object({ token: base64Url(43).min(43), url: z.url().nullable() }),
});
export type ReferralPackage = z.infer<typeof ReferralPackageSchema>;
