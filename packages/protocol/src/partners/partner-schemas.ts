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
    /**
     * The administrator's Ed25519 signature (purpose `partner-record`) of
     * `partnerRecordStatement` for the version this save makes: a referring browser
     * checks it before sealing a package to `publicKey`, so a server that swaps the key
     * cannot make up a signature for the new one.
     */
    signature: base64Url(86).min(86),
  })
  .strict();

export const PartnerSchema = PartnerInputSchema.omit({ signature: true })
  .extend({
    id: PartnerIdSchema,
    version: z.number().int().min(1),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    /** Null for a partner saved before records were signed: it cannot be sealed to. */
    signature: base64Url(86).min(86).nullable(),
    /** The administrator who signed this version. */
    signedBy: z.string().min(1).max(64).nullable(),
    /** Whether the signer holds the administrator role now (the server says so). */
    signerIsAdministrator: z.boolean(),
  })
  .meta({ id: 'Partner' });
export type Partner = z.infer<typeof PartnerSchema>;

/** The signature's purpose (packages/crypto `sign`). */
export const partnerRecordPurpose = 'partner-record';

/**
 * What an administrator signs of a partner version: its id, name, country, public key
 * and version, as one JSON array (unambiguous, whatever the name holds). The id binds
 * the record to its row, so a signed record of one partner cannot be served as another's.
 */
export function partnerRecordStatement(record: {
  id: string;
  name: string;
  country: string;
  publicKey: string | null;
  version: number;
}): string {
  return JSON.stringify([
    'corridor/partner-record/v1',
    record.id,
    record.name,
    record.country,
    record.publicKey,
    record.version,
  ]);
}

/** How many partners one organisation registers. */
export const maxPartners = 500;

export const PartnerList = z.object({ partners: z.array(PartnerSchema).max(maxPartners) });
export const PartnerParams = z.object({ partnerId: PartnerIdSchema });
/** A new partner's id is chosen by the administrator's browser, so the signature covers it. */
export const CreatePartnerBody = PartnerInputSchema.extend({ id: PartnerIdSchema }).strict();
export const UpdatePartnerBody = PartnerInputSchema.extend({
  /** The version edited; a stale one gets `conflict`. */
  expectedVersion: z.number().int().min(1),
}).strict();
export const PartnerSaved = z.object({ partner: PartnerSchema });
export const PartnerRemoved = z.object({ removed: z.literal(true) });
