import {
  acceptPlacementRoute,
  declinePlacementRoute,
  endPlacementRoute,
  listCasePlacementsRoute,
  listShelterPlacementsRoute,
  type PlacementSchema,
  placementAddressStatement,
  requestPlacementRoute,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';
import type { TeamKeyring } from '../cases/case-keys.ts';
import type { CaseView, DirectoryTeam } from '../cases/cases.ts';
import {
  openFromTeam,
  sealToTeam,
  signedBy,
  signingKeys,
  signStatement,
} from './shelter-records.ts';
import type { Shelter } from './shelters.ts';

export type Placement = z.infer<typeof PlacementSchema>;

/** What the requesting team learns on acceptance: where to bring the person, and the rules. */
export interface PlacementAddress {
  readonly address: string;
  readonly rules: string;
  readonly keeper: string;
}

/** A case's placement as its coordinator sees it, with the address once it opens. */
export interface CasePlacement extends Placement {
  readonly openedAddress: PlacementAddress | null;
  /**
   * `bad_signature`: not sealed by the member who accepted (a server planting an address);
   * `unreadable`: it does not open; null otherwise (also when this member's teams lack the
   * requesting team's key, or the case is no longer verified and the server withholds it).
   */
  readonly addressProblem: 'bad_signature' | 'unreadable' | null;
}

const sealPurpose = (placementId: string, teamId: string, teamKeyVersion: number) =>
  `placement:${placementId}:${teamId}:v${teamKeyVersion}`;
const recordContext = (placement: Pick<Placement, 'id' | 'caseId'>) => ({
  caseId: placement.caseId,
  kind: `placement-address/${placement.id}`,
});

/**
 * The member's teams that hold the case's `location`: the ones a placement can be asked
 * for, and the address sealed to. Not `general`: a member of two teams could otherwise
 * send a shelter's address to a team the case's location was never shared with (the
 * server refuses that too, `forbidden`).
 */
export const requestingTeams = (view: CaseView, ring: TeamKeyring): string[] => [
  ...new Set(
    view.access
      .filter((a) => a.compartment === 'location' && ring.has(a.teamId))
      .map((a) => a.teamId),
  ),
];

export interface PlacementRequest {
  readonly shelterId: string;
  readonly bedId?: string | null;
  /** `YYYY-MM-DD`. */
  readonly from: string;
  /** The day they leave (`YYYY-MM-DD`), or null while open-ended. */
  readonly to?: string | null;
  /** Defaults to the first of `requestingTeams`. */
  readonly teamId?: string;
}

/**
 * Asks a shelter to take the case's person in. The server refuses a case that is not
 * verified (`not_verified`), a full shelter (`shelter_full`), a bed taken (`conflict`)
 * and dates out of order (`invalid_request`).
 * @returns the placement's id
 */
export async function requestPlacement(
  session: MemberSession,
  ring: TeamKeyring,
  view: CaseView,
  request: PlacementRequest,
): Promise<string> {
  const teamId = request.teamId ?? requestingTeams(view, ring)[0];
  if (!teamId)
    throw Object.assign(new Error('no team of yours holds this case'), { code: 'forbidden' });
  const created = await session.api.call(requestPlacementRoute, {
    params: { caseId: view.summary.id },
    body: {
      shelterId: request.shelterId,
      bedId: request.bedId ?? null,
      requestingTeamId: teamId,
      from: request.from,
      to: request.to ?? null,
    },
  });
  return created.id;
}

/** A shelter's placements and requests, newest first (for its team). */
export async function listShelterPlacements(
  session: MemberSession,
  shelterId: string,
): Promise<Placement[]> {
  const { placements } = await session.api.call(listShelterPlacementsRoute, {
    params: { shelterId },
  });
  return placements;
}

/**
 * Accepts a request into a bed, as a member of the shelter team: the shelter's address,
 * rules and contact sealed to the requesting team's current key and signed, so the
 * coordinator's browser can tell it from one the server made up.
 */
export async function acceptPlacement(
  session: MemberSession,
  shelter: Shelter,
  placement: Placement,
  bedId: string,
  directory: readonly DirectoryTeam[],
): Promise<void> {
  if (!shelter.content) throw new Error('this shelter cannot be read');
  const team = directory.find((t) => t.id === placement.requestingTeamId);
  if (!team)
    throw Object.assign(new Error('the requesting team has no key'), { code: 'not_found' });
  const content: PlacementAddress = {
    address: shelter.content.address,
    rules: shelter.content.rules,
    keeper: shelter.content.keeper,
  };
  const sealed = sealToTeam(
    team.boxPublicKey,
    content,
    sealPurpose(placement.id, team.id, team.keyVersion),
    recordContext(placement),
  );
  const address = { teamKeyVersion: team.keyVersion, ...sealed };
  const signature = signStatement(
    session,
    'placement-address',
    placementAddressStatement(placement, bedId, address),
  );
  await session.api.call(acceptPlacementRoute, {
    params: { shelterId: placement.shelterId, placementId: placement.id },
    body: { bedId, address: { ...address, signature } },
  });
}

export async function declinePlacement(
  session: MemberSession,
  placement: Placement,
): Promise<void> {
  await session.api.call(declinePlacementRoute, {
    params: { shelterId: placement.shelterId, placementId: placement.id },
  });
}

/** Ends a stay on the day the person moved out (`YYYY-MM-DD`). */
export async function endPlacement(
  session: MemberSession,
  placement: Placement,
  on: string,
): Promise<void> {
  await session.api.call(endPlacementRoute, {
    params: { shelterId: placement.shelterId, placementId: placement.id },
    body: { on },
  });
}

function openAddress(
  placement: Placement,
  ring: TeamKeyring,
  signKey: Uint8Array | undefined,
): Pick<CasePlacement, 'openedAddress' | 'addressProblem'> {
  const sealed = placement.address;
  if (!sealed || placement.bedId === null) return { openedAddress: null, addressProblem: null };
  const statement = placementAddressStatement(placement, placement.bedId, sealed);
  if (!signedBy(signKey, 'placement-address', statement, sealed.signature)) {
    return { openedAddress: null, addressProblem: 'bad_signature' };
  }
  const teamKey = ring.get(placement.requestingTeamId)?.get(sealed.teamKeyVersion);
  if (!teamKey) return { openedAddress: null, addressProblem: null };
  try {
    const plain = openFromTeam(
      teamKey,
      sealed,
      sealPurpose(placement.id, placement.requestingTeamId, sealed.teamKeyVersion),
      recordContext(placement),
    ) as Partial<PlacementAddress>;
    const text = (x: unknown) => (typeof x === 'string' ? x : '');
    return {
      openedAddress: {
        address: text(plain.address),
        rules: text(plain.rules),
        keeper: text(plain.keeper),
      },
      addressProblem: null,
    };
  } catch {
    return { openedAddress: null, addressProblem: 'unreadable' };
  }
}

/**
 * A case's placements, newest first, each accepted one's address opened with the
 * requesting team's key once its signature by the accepting member checks out.
 */
export async function listCasePlacements(
  session: MemberSession,
  ring: TeamKeyring,
  caseId: string,
): Promise<CasePlacement[]> {
  const { placements } = await session.api.call(listCasePlacementsRoute, { params: { caseId } });
  const keys = await signingKeys(
    session,
    placements.flatMap((p) => (p.address && p.decidedBy ? [p.decidedBy] : [])),
  );
  return placements.map((p) => ({
    ...p,
    ...openAddress(p, ring, p.decidedBy ? keys.get(p.decidedBy) : undefined),
  }));
}
