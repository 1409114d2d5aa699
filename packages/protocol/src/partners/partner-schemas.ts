import { z } from 'zod';
import { base64Url } from '../common/base64-url.ts';

/** A partner's id, made by the server (16 random bytes). */
export const PartnerIdSchema = base64Url(22).min(22);

/** ISO 3166-1 alpha-2, upper case (`DE`, `CA`). */
export const CountryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code');

/**
 * What an administrator registers of a partner organisation. All of it is visible to the
 * server (domain.md, "Partner"): who we refer people to is the organisation's own
 * business, the people referred are not.
 */
export const PartnerInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    country: CountryCodeSchema,
    /** X25519 public key (32 bytes, URL-safe base64) the partner opens packages with; null: password packages only. */
    publicKey: base64Url(43).min(43).nullable(),
    /** Where "a referral is waiting" goes, with no case content; null: no e-mail. */
    notificationEmail: z.email().max(254).nullable(),
  })
  .strict();

export const PartnerSchema = PartnerInputSchema.extend({
  id: PartnerIdSchema,
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'Partner' });
export type Partner = z.infer<typeof PartnerSchema>;

/** How many partners one organisation registers. */
export const maxPartners = 500;

export const PartnerList = z.object({ partners: z.array(PartnerSchema).max(maxPartners) });
export const PartnerParams = z.object({ partnerId: PartnerIdSchema });
export const UpdatePartnerBody = PartnerInputSchema.extend({
  /** The version edited; a stale one gets `conflict`. */
  expectedVersion: z.number().int().min(1),
}).strict();
export const PartnerSaved = z.object({ partner: PartnerSchema });
export const PartnerRemoved = z.object({ removed: z.literal(true) });
