import {
  createPartnerRoute,
  listPartnersRoute,
  type Partner,
  type PartnerInputSchema,
  removePartnerRoute,
  updatePartnerRoute,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';

export type { Partner };
export type PartnerInput = z.input<typeof PartnerInputSchema>;

/** The partner organisations referrals may go to. */
export async function listPartners(session: MemberSession): Promise<Partner[]> {
  return (await session.api.call(listPartnersRoute)).partners;
}

/** Registers a partner (administrators). */
export async function createPartner(session: MemberSession, input: PartnerInput): Promise<Partner> {
  return (await session.api.call(createPartnerRoute, { body: input })).partner;
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
      body: { ...input, expectedVersion: partner.version },
    })
  ).partner;
}

/** Takes a partner off the list (referrals made to it keep its name). */
export async function removePartner(session: MemberSession, partnerId: string): Promise<void> {
  await session.api.call(removePartnerRoute, { params: { partnerId } });
}
