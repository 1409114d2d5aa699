import { z } from 'zod';
import { base64Url } from '../common/base64-url.ts';

const id = z.string().min(1).max(64);
/** A referrer's id, made by the browser that adds it (16 random bytes). */
export const ReferrerIdSchema = base64Url(22).min(22);
/** A record key sealed to the team's public key (docs/protocol/v1.md, sealed key). */
const sealedKey = base64Url(200);
/** A referrer's name, notes and referrals, encrypted: 32 KiB of text is plenty. */
export const maxReferrerPayloadChars = 45_000;
/** How many referrers one team's registry holds. */
export const maxReferrersPerTeam = 2_000;

export const ReferrerParams = z.object({ teamId: id });
export const ReferrerItemParams = z.object({ teamId: id, referrerId: ReferrerIdSchema });

/**
 * A new version of a referrer's record: a fresh record key sealed to the team's current
 * key, the record under it, signed by its author over `referrerStatement`.
 */
export const PutReferrerBody = z.object({
  /** The version replaced; 0 to add a new referrer. A stale one gets `conflict`. */
  expectedVersion: z.number().int().min(0),
  teamKeyVersion: z.number().int().min(1),
  sealedKey,
  /** Record envelope under the sealed key, bound to team, referrer and version. */
  payload: base64Url(maxReferrerPayloadChars),
  /** Ed25519 by the author, purpose `referrer-record`, over `referrerStatement`. */
  signature: base64Url(86).min(86),
});

export const ReferrerRecordSchema = z
  .object({
    id: ReferrerIdSchema,
    teamId: id,
    version: z.number().int().min(1),
    teamKeyVersion: z.number().int().min(1),
    sealedKey,
    payload: base64Url(maxReferrerPayloadChars),
    signature: base64Url(86).min(86),
    authorId: id,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ReferrerRecord' });

export const ReferrerList = z.object({
  referrers: z.array(ReferrerRecordSchema).max(maxReferrersPerTeam),
});
export const ReferrerSaved = z.object({ version: z.number().int().min(1) });

/**
 * The text a referrer record's author signs (purpose `referrer-record`): which team,
 * which referrer, which version, the sealed key and the ciphertext — so the server can
 * neither plant a referrer of its own (anyone can seal to a team's public key) nor move
 * one record onto another.
 */
export const referrerStatement = (
  teamId: string,
  referrerId: string,
  version: number,
  record: { teamKeyVersion: number; sealedKey: string; payload: string },
): string =>
  JSON.stringify([
    'referrer-record',
    teamId,
    referrerId,
    version,
    record.teamKeyVersion,
    record.sealedKey,
    record.payload,
  ]);
