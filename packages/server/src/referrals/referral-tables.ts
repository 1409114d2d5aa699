// Partners' and referrals' tables as Kysely sees them (migration 0026-referrals), kept
// beside the feature; storage/schema.ts lists them in `Database`.

/** A partner organisation: all of it server-visible by design (domain.md, "Partner"). */
export interface PartnerTable {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** X25519 public key, URL-safe base64; null when the partner has none. */
  public_key: string | null;
  notification_email: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** Set when an administrator removed it; the row stays for the referrals naming it. */
  removed_at: string | null;
  /** The signer's signature (`partner-record`) of this version; null before 0029. */
  record_signature: string | null;
  /** The administrator who signed this version. */
  signed_by: string | null;
}

/** One referral: names of the fields shared, never their values. */
export interface ReferralTable {
  id: string;
  case_id: string;
  partner_id: string;
  state: string;
  /** JSON array of `source.field` names. */
  fields: string;
  consent: string;
  mode: string;
  package_sha256: string;
  /** BLAKE2b (`referral-response`) of the partner's response token. */
  response_digest: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** Each state a referral went through, in order. */
export interface ReferralChangeTable {
  referral_id: string;
  seq: number;
  state: string;
  at: string;
  /** Null: the partner, through their response link. */
  by: string | null;
}
