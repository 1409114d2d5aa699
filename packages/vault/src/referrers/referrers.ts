import { randomToken } from '@corridor/crypto';
import {
  listReferrersRoute,
  putReferrerRoute,
  type ReferrerRecordSchema,
  referrerStatement,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';
import type { TeamKeyring } from '../cases/case-keys.ts';
import type { DirectoryTeam } from '../cases/cases.ts';
import {
  authorSignKeys,
  openTeamRecord,
  sealTeamRecord,
  signTeamRecord,
  type TeamRecordAddress,
} from '../teams/team-sealed-records.ts';

type ReferrerRecord = z.infer<typeof ReferrerRecordSchema>;

/** Whether a referral proved true: the referrer's track record is made of these. */
export type ReferralResult = 'pending' | 'proved_true' | 'proved_false';

export interface Referral {
  /** The case it concerns, when there is one in Corridor. */
  readonly caseId: string | null;
  readonly at: string;
  readonly result: ReferralResult;
}

/** What a referrer record holds, all of it encrypted. */
export interface ReferrerContent {
  /** A name or code the team knows them by — often someone at risk themselves. */
  readonly name: string;
  readonly kind: 'person' | 'organisation';
  readonly notes: string;
  readonly referrals: readonly Referral[];
}

export interface Referrer {
  readonly id: string;
  readonly teamId: string;
  readonly version: number;
  readonly authorId: string;
  readonly updatedAt: string;
  /** Null when it does not check out (`problem`) or this member lacks the team key. */
  readonly content: ReferrerContent | null;
  readonly problem: 'bad_signature' | 'unreadable' | null;
}

export interface TrackRecord {
  readonly provedTrue: number;
  readonly provedFalse: number;
  readonly pending: number;
}

const address = (teamId: string, referrerId: string, version: number): TeamRecordAddress => ({
  registry: 'referrer',
  teamId,
  recordId: referrerId,
  version,
});

export function trackRecord(content: ReferrerContent): TrackRecord {
  const count = (result: ReferralResult) =>
    content.referrals.filter((r) => r.result === result).length;
  return {
    provedTrue: count('proved_true'),
    provedFalse: count('proved_false'),
    pending: count('pending'),
  };
}

function openRecord(
  record: ReferrerRecord,
  ring: TeamKeyring,
  signKey: Uint8Array | undefined,
): Pick<Referrer, 'content' | 'problem'> {
  const opened = openTeamRecord(
    record,
    address(record.teamId, record.id, record.version),
    ring,
    signKey,
    {
      purpose: 'referrer-record',
      statement: referrerStatement(record.teamId, record.id, record.version, record),
    },
  );
  // Without the team key the record is simply not this member's to read: no problem.
  if (opened.problem === 'no_team_key') return { content: null, problem: null };
  if (opened.problem !== null) return { content: null, problem: opened.problem };
  return { content: opened.content as ReferrerContent, problem: null };
}

/**
 * A team's registry, each record's signature checked against its author's key and
 * opened with the team key it was sealed to. A record the server planted or altered
 * (anyone can seal to a team's public key; only a member can sign) shows as
 * `bad_signature`, without content.
 */
export async function listReferrers(
  session: MemberSession,
  ring: TeamKeyring,
  teamId: string,
): Promise<Referrer[]> {
  const { referrers } = await session.api.call(listReferrersRoute, { params: { teamId } });
  const keys = await authorSignKeys(
    session.api,
    referrers.map((r) => r.authorId),
  );
  return referrers.map((record) => ({
    id: record.id,
    teamId: record.teamId,
    version: record.version,
    authorId: record.authorId,
    updatedAt: record.updatedAt,
    ...openRecord(record, ring, keys.get(record.authorId)),
  }));
}

/**
 * Writes a referrer's next version (or its first, with no `existing`): a fresh record key
 * sealed to the team's current public key, so a member who has left the team cannot open
 * anything written after, with no registry-wide key to rotate.
 * @returns the referrer's id and new version
 */
export async function saveReferrer(
  session: MemberSession,
  team: DirectoryTeam,
  content: ReferrerContent,
  existing?: Pick<Referrer, 'id' | 'version'>,
): Promise<{ id: string; version: number }> {
  const id = existing?.id ?? randomToken(16);
  const version = (existing?.version ?? 0) + 1;
  const record = sealTeamRecord(team, address(team.id, id, version), content);
  const signature = signTeamRecord(session.keys.sign.secretKey, {
    purpose: 'referrer-record',
    statement: referrerStatement(team.id, id, version, record),
  });
  const saved = await session.api.call(putReferrerRoute, {
    params: { teamId: team.id, referrerId: id },
    body: { expectedVersion: existing?.version ?? 0, ...record, signature },
  });
  return { id, version: saved.version };
}

/**
 * Records how a referral turned out: the entry for `caseId` is replaced (a referral
 * is one case), or added.
 */
export function recordReferral(
  session: MemberSession,
  team: DirectoryTeam,
  referrer: Referrer,
  referral: { caseId: string | null; result: ReferralResult; at?: string },
): Promise<{ id: string; version: number }> {
  if (!referrer.content) throw new Error('this referrer cannot be read');
  const entry: Referral = {
    caseId: referral.caseId,
    result: referral.result,
    at: referral.at ?? new Date().toISOString(),
  };
  const others = referrer.content.referrals.filter(
    (r) => referral.caseId === null || r.caseId !== referral.caseId,
  );
  return saveReferrer(
    session,
    team,
    { ...referrer.content, referrals: [...others, entry] },
    referrer,
  );
}
