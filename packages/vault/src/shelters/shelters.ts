import { randomToken } from '@corridor/crypto';
import {
  listSheltersRoute,
  putShelterRoute,
  type ShelterSummarySchema,
  shelterStatement,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';
import type { TeamKeyring } from '../cases/case-keys.ts';
import type { DirectoryTeam } from '../cases/cases.ts';
import {
  openFromTeam,
  sealToTeam,
  signedBy,
  signingKeys,
  signStatement,
} from './shelter-records.ts';

type ShelterSummary = z.infer<typeof ShelterSummarySchema>;

/** What a shelter's record holds, all of it for the shelter team's eyes only. */
export interface ShelterContent {
  readonly address: string;
  readonly rules: string;
  /** How to reach the house keeper. */
  readonly keeper: string;
  readonly notes: string;
}

export interface ShelterBed {
  readonly id: string;
  readonly label: string;
  readonly occupied: boolean;
}

/** A shelter as this member sees it. */
export interface Shelter {
  readonly id: string;
  readonly teamId: string;
  readonly code: string;
  readonly version: number;
  readonly capacity: number;
  readonly occupied: number;
  readonly free: number;
  /** Requests waiting for the shelter team. */
  readonly pending: number;
  readonly beds: readonly ShelterBed[];
  readonly updatedAt: string;
  /** The team key version its record is sealed to; null for members outside the team. */
  readonly teamKeyVersion: number | null;
  /** Null outside the shelter team, or when the record does not check out (`problem`). */
  readonly content: ShelterContent | null;
  readonly problem: 'bad_signature' | 'unreadable' | null;
}

export interface ShelterInput {
  readonly code: string;
  /** The beds in order; a bed without an id is new. */
  readonly beds: readonly { id?: string; label: string }[];
  readonly content: ShelterContent;
}

const sealPurpose = (teamId: string, shelterId: string, version: number) =>
  `shelter:${teamId}:${shelterId}:v${version}`;
const recordContext = (teamId: string, shelterId: string, version: number) => ({
  caseId: `shelter:${teamId}:${shelterId}`,
  kind: `shelter/v${version}`,
});

function asContent(value: unknown): ShelterContent {
  const v = (value ?? {}) as Partial<Record<keyof ShelterContent, unknown>>;
  const text = (x: unknown) => (typeof x === 'string' ? x : '');
  return {
    address: text(v.address),
    rules: text(v.rules),
    keeper: text(v.keeper),
    notes: text(v.notes),
  };
}

function openShelter(
  s: ShelterSummary,
  ring: TeamKeyring,
  signKey: Uint8Array | undefined,
): Pick<Shelter, 'content' | 'problem'> {
  const record = s.record;
  if (!record) return { content: null, problem: null };
  const statement = shelterStatement(s.teamId, s.id, s.version, {
    code: s.code,
    beds: s.beds,
    ...record,
  });
  if (!signedBy(signKey, 'shelter-record', statement, record.signature)) {
    return { content: null, problem: 'bad_signature' };
  }
  const teamKey = ring.get(s.teamId)?.get(record.teamKeyVersion);
  if (!teamKey) return { content: null, problem: null };
  try {
    const plain = openFromTeam(
      teamKey,
      record,
      sealPurpose(s.teamId, s.id, s.version),
      recordContext(s.teamId, s.id, s.version),
    );
    return { content: asContent(plain), problem: null };
  } catch {
    return { content: null, problem: 'unreadable' };
  }
}

/**
 * Every shelter with today's occupancy; for the member's own shelter teams, the address,
 * rules and contact too, each record's signature checked against its author (anyone can
 * seal to a team's public key, only a member can sign: a planted record shows as
 * `bad_signature`, without content).
 */
export async function listShelters(
  session: MemberSession,
  ring: TeamKeyring,
): Promise<{ today: string; shelters: Shelter[] }> {
  const { today, shelters } = await session.api.call(listSheltersRoute);
  const keys = await signingKeys(
    session,
    shelters.flatMap((s) => (s.record ? [s.record.authorId] : [])),
  );
  return {
    today,
    shelters: shelters.map((s) => ({
      id: s.id,
      teamId: s.teamId,
      code: s.code,
      version: s.version,
      capacity: s.capacity,
      occupied: s.occupied,
      free: s.free,
      pending: s.pending,
      beds: s.beds,
      updatedAt: s.updatedAt,
      teamKeyVersion: s.record?.teamKeyVersion ?? null,
      ...openShelter(s, ring, s.record ? keys.get(s.record.authorId) : undefined),
    })),
  };
}

/**
 * Adds a shelter (no `existing`) or writes its next version, as a member of `team`: the
 * address, rules and contact sealed to the team's current key with a fresh record key,
 * signed; code and beds in the clear for occupancy.
 * @returns the shelter's id and new version
 */
export async function saveShelter(
  session: MemberSession,
  team: DirectoryTeam,
  input: ShelterInput,
  existing?: Pick<Shelter, 'id' | 'version'>,
): Promise<{ id: string; version: number }> {
  const id = existing?.id ?? randomToken(16);
  const version = (existing?.version ?? 0) + 1;
  const beds = input.beds.map((b) => ({ id: b.id ?? randomToken(16), label: b.label.trim() }));
  const code = input.code.trim();
  const sealed = sealToTeam(
    team.boxPublicKey,
    input.content,
    sealPurpose(team.id, id, version),
    recordContext(team.id, id, version),
  );
  const record = { code, beds, teamKeyVersion: team.keyVersion, ...sealed };
  const signature = signStatement(
    session,
    'shelter-record',
    shelterStatement(team.id, id, version, record),
  );
  const saved = await session.api.call(putShelterRoute, {
    params: { shelterId: id },
    body: { expectedVersion: existing?.version ?? 0, teamId: team.id, ...record, signature },
  });
  return { id, version: saved.version };
}

/**
 * After the shelter team's key changed (a member left): each shelter the member can read
 * that is still sealed to an older team key is written again under the current one, so
 * the record the server hands out opens only with a key the one who left never held.
 * @returns how many shelters were re-sealed
 */
export async function resealShelters(
  session: MemberSession,
  ring: TeamKeyring,
  directory: readonly DirectoryTeam[],
): Promise<number> {
  const { shelters } = await listShelters(session, ring);
  let resealed = 0;
  for (const shelter of shelters) {
    const team = directory.find((t) => t.id === shelter.teamId);
    if (!team || !shelter.content || shelter.teamKeyVersion === null) continue;
    if (shelter.teamKeyVersion >= team.keyVersion) continue;
    await saveShelter(
      session,
      team,
      { code: shelter.code, beds: shelter.beds, content: shelter.content },
      shelter,
    );
    resealed += 1;
  }
  return resealed;
}

/** Shelters whose record is sealed to an older key of their team than its current one. */
export const sheltersToReseal = (
  shelters: readonly Shelter[],
  directory: readonly DirectoryTeam[],
): Shelter[] =>
  shelters.filter((s) => {
    const team = directory.find((t) => t.id === s.teamId);
    return s.content !== null && team !== undefined && (s.teamKeyVersion ?? 0) < team.keyVersion;
  });

export interface Occupancy {
  readonly shelters: readonly {
    id: string;
    code: string;
    capacity: number;
    occupied: number;
    free: number;
  }[];
  readonly capacity: number;
  readonly occupied: number;
  readonly free: number;
}

/** Occupancy at a glance, for a dashboard: per shelter and in all. No address involved. */
export function occupancySummary(shelters: readonly Shelter[]): Occupancy {
  const rows = shelters.map(({ id, code, capacity, occupied, free }) => ({
    id,
    code,
    capacity,
    occupied,
    free,
  }));
  const sum = (pick: (r: (typeof rows)[number]) => number) =>
    rows.reduce((total, r) => total + pick(r), 0);
  return {
    shelters: rows,
    capacity: sum((r) => r.capacity),
    occupied: sum((r) => r.occupied),
    free: sum((r) => r.free),
  };
}
