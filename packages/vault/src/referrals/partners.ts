import { fromBase64, keyFingerprint, randomToken } from '@corridor/crypto';
import {
  createPartnerRoute,
  listPartnersRoute,
  type Partner,
  type PartnerInputSchema,
  partnerRecordPurpose,
  partnerRecordStatement,
  removePartnerRoute,
  updatePartnerRoute,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';
import { signedBy, signingKeys, signStatement } from '../shelters/shelter-records.ts';

export type { Partner };
/** What the administrator fills in; the browser adds the signature. */
export type PartnerInput = Omit<z.input<typeof PartnerInputSchema>, 'signature'>;

/** As the server will store it (it trims the name): what is signed must be what is kept. */
const normalised = (input: PartnerInput) => ({
  name: input.name.trim(),
  country: input.country,
  publicKey: input.publicKey,
  notificationEmail: input.notificationEmail,
});

function signed(session: MemberSession, id: string, version: number, input: PartnerInput) {
  const record = normalised(input);
  return {
    ...record,
    signature: signStatement(
      session,
      partnerRecordPurpose,
      partnerRecordStatement({ ...record, id, version }),
    ),
  };
}

/**
 * The fingerprint of a partner's public key (six groups of four), to compare with the
 * one the partner reads out from their own copy of the key; null without a key.
 */
export function partnerKeyFingerprint(partner: Pick<Partner, 'publicKey'>): string | null {
  return partner.publicKey ? keyFingerprint(fromBase64(partner.publicKey)) : null;
}

/**
 * Whether a partner record can be trusted to seal to: `unsigned` (saved before records
 * were signed — an administrator must save it again), `bad_signature` (the name, country,
 * key or version is not what the signer signed: the server, or someone in its database,
 * changed it), `signer_not_administrator` (signed by an account the server does not list
 * as an administrator), or null when it checks out.
 */
export type PartnerRecordProblem = 'unsigned' | 'bad_signature' | 'signer_not_administrator';

export interface PartnerCheck {
  readonly problem: PartnerRecordProblem | null;
  readonly fingerprint: string | null;
}

/**
 * Checks partner records against their signers' keys. The signer's key and role come
 * from the server too, so the key's fingerprint is shown beside every partner for
 * comparing with the partner out of band: a server that replaced both a key and an
 * administrator's key still cannot make the fingerprint match.
 */
export async function checkPartners(
  session: MemberSession,
  partners: readonly Partner[],
): Promise<Map<string, PartnerCheck>> {
  const keys = await signingKeys(
    session,
    partners.flatMap((p) => (p.signedBy ? [p.signedBy] : [])),
  );
  const checks = new Map<string, PartnerCheck>();
  for (const partner of partners) {
    const fingerprint = partnerKeyFingerprint(partner);
    let problem: PartnerRecordProblem | null = null;
    if (!partner.signature || !partner.signedBy) problem = 'unsigned';
    else if (
      !signedBy(
        keys.get(partner.signedBy),
        partnerRecordPurpose,
        partnerRecordStatement(partner),
        partner.signature,
      )
    ) {
      problem = 'bad_signature';
    } else if (!partner.signerIsAdministrator) problem = 'signer_not_administrator';
    checks.set(partner.id, { problem, fingerprint });
  }
  return checks;
}

/** `checkPartners` for one partner. */
export async function checkPartner(
  session: MemberSession,
  partner: Partner,
): Promise<PartnerCheck> {
  return (await checkPartners(session, [partner])).get(partner.id) as PartnerCheck;
}

/** The partner organisations referrals may go to. */
export async function listPartners(session: MemberSession): Promise<Partner[]> {
  return (await session.api.call(listPartnersRoute)).partners;
}

/** Registers a partner (administrators), its record signed by this administrator. */
export async function createPartner(session: MemberSession, input: PartnerInput): Promise<Partner> {
  const id = randomToken(16);
  return (
    await session.api.call(createPartnerRoute, { body: { id, ...signed(session, id, 1, input) } })
  ).partner;
}

/** Replaces a partner's details; `conflict` if someone changed it since `partner.version`. */
export async function updatePartner(
  session: MemberSession,
  partner: Pick<Partner, 'id' | 'version'>,
  input: PartnerInput,
): Promise<Partner> {
  return (
    await session.api.call(updatePartnerRoute, {
      params: { partnerId: partner.id },
      body: {
        ...signed(session, partner.id, partner.version + 1, input),
        expectedVersion: partner.version,
      },
    })
  ).partner;
}

/** Takes a partner off the list (referrals made to it keep its name). */
export async function removePartner(session: MemberSession, partnerId: string): Promise<void> {
  await session.api.call(removePartnerRoute, { params: { partnerId } });
}
