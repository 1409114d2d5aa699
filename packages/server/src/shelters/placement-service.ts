import { randomToken } from '@corridor/crypto';
import {
  type AcceptPlacementBody,
  maxPlacementsListed,
  type PlacementSchema,
  type PlacementStatus,
  PlacementStatusSchema,
  placementAddressStatement,
  type RequestPlacementBody,
  staysOverlap,
} from '@corridor/protocol';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import { heldCompartments, requireCaseAccess } from '../cases/case-access.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { lockShelter, requireShelterTeam, requireSignature } from './shelter-access.ts';
import type { ShelterPlacementTable } from './shelter-tables.ts';

type Db = Storage['db'];
type Row = Selectable<ShelterPlacementTable>;
type Placement = z.input<typeof PlacementSchema>;

/**
 * Stays of this shelter that hold a bed (accepted, or ended: they held it until they
 * ended) and overlap `stay` — filtered in SQL by the same rule as `staysOverlap`, so a
 * shelter's years of history are not loaded on every placement step. Days are
 * `YYYY-MM-DD` text, which compares in date order on both databases.
 */
async function stays(
  db: Db,
  shelterId: string,
  stay: { from: string; to: string | null },
  exceptId: string | null,
) {
  let query = db
    .selectFrom('shelter_placement')
    .select(['id', 'bed_id', 'from_day', 'to_day'])
    .where('shelter_id', '=', shelterId)
    .where('status', 'in', ['accepted', 'ended'])
    .where('bed_id', 'is not', null)
    .where((eb) => eb.or([eb('to_day', 'is', null), eb('to_day', '>', stay.from)]));
  if (stay.to !== null) query = query.where('from_day', '<', stay.to);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  const rows = await query.execute();
  return rows.map((r) => ({ bedId: r.bed_id as string, from: r.from_day, to: r.to_day }));
}

/** The beds of a shelter free for the whole of a stay. */
async function freeBeds(
  db: Db,
  shelterId: string,
  stay: { from: string; to: string | null },
  exceptId: string | null,
): Promise<Set<string>> {
  const beds = await db
    .selectFrom('shelter_bed')
    .select('id')
    .where('shelter_id', '=', shelterId)
    .execute();
  // The SQL filter already keeps overlapping stays; `staysOverlap` is the rule's one
  // definition and costs nothing on the few rows left.
  const taken = new Set(
    (await stays(db, shelterId, stay, exceptId))
      .filter((s) => staysOverlap(s, stay))
      .map((s) => s.bedId),
  );
  return new Set(beds.map((b) => b.id).filter((id) => !taken.has(id)));
}

/** Only `verified` counts: an override lets a case move on, never into a shelter. */
async function isVerified(db: Db, caseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('case_file')
    .select('verification')
    .where('id', '=', caseId)
    .executeTakeFirst();
  return row?.verification === 'verified';
}

function toPlacement(row: Row, code: string, withAddress: boolean): Placement {
  const address =
    withAddress &&
    row.address_team_key_version !== null &&
    row.address_sealed_key !== null &&
    row.address_payload !== null &&
    row.address_signature !== null
      ? {
          teamKeyVersion: row.address_team_key_version,
          sealedKey: row.address_sealed_key,
          payload: row.address_payload,
          signature: row.address_signature,
        }
      : null;
  return {
    id: row.id,
    shelterId: row.shelter_id,
    shelterCode: code,
    caseId: row.case_id,
    requestingTeamId: row.requesting_team_id,
    requestedBy: row.requested_by,
    status: PlacementStatusSchema.parse(row.status),
    bedId: row.bed_id,
    from: row.from_day,
    to: row.to_day,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    address,
  };
}

const placementRows = (db: Db) =>
  db
    .selectFrom('shelter_placement')
    .innerJoin('shelter', 'shelter.id', 'shelter_placement.shelter_id')
    .selectAll('shelter_placement')
    .select('shelter.code')
    .orderBy('shelter_placement.created_at', 'desc')
    .orderBy('shelter_placement.id')
    .limit(maxPlacementsListed);

/**
 * A coordinator asks a shelter to take a case in. They must hold the case's `location`
 * through `requestingTeamId` (`forbidden` otherwise): the address will be sealed to that
 * team, so a team holding only `general` must not receive it — a member of two teams
 * could otherwise route an address around the location compartment. The case must be
 * verified (`not_verified` otherwise, recorded); a bed must be free for the dates
 * (`shelter_full`), the one asked for too (`conflict`).
 */
export async function requestPlacement(
  storage: Storage,
  accountId: string,
  caseId: string,
  body: z.infer<typeof RequestPlacementBody>,
  now: string,
): Promise<string> {
  const { db } = storage;
  const held = await requireCaseAccess(db, caseId, accountId, {
    action: 'shelter.placement',
    at: now,
  });
  if (!held.get('location')?.includes(body.requestingTeamId)) throw new ApiFailure('forbidden');
  if (body.to !== null && body.to <= body.from) throw new ApiFailure('invalid_request');
  const id = randomToken(16);
  try {
    await db.transaction().execute(async (trx) => {
      await lockShelter(trx, body.shelterId);
      if (!(await isVerified(trx, caseId))) throw new ApiFailure('not_verified');
      if (body.bedId !== null) {
        const bed = await trx
          .selectFrom('shelter_bed')
          .select('id')
          .where('shelter_id', '=', body.shelterId)
          .where('id', '=', body.bedId)
          .executeTakeFirst();
        if (!bed) throw new ApiFailure('invalid_request');
      }
      const free = await freeBeds(trx, body.shelterId, body, null);
      if (free.size === 0) throw new ApiFailure('shelter_full');
      if (body.bedId !== null && !free.has(body.bedId)) throw new ApiFailure('conflict');
      await trx
        .insertInto('shelter_placement')
        .values({
          id,
          shelter_id: body.shelterId,
          case_id: caseId,
          requesting_team_id: body.requestingTeamId,
          requested_by: accountId,
          status: 'requested',
          bed_id: body.bedId,
          from_day: body.from,
          to_day: body.to,
          decided_by: null,
          decided_at: null,
          address_team_key_version: null,
          address_sealed_key: null,
          address_payload: null,
          address_signature: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await audit(
        trx,
        accountId,
        'shelter.placement',
        caseId,
        now,
        `request ${body.shelterId} ${id}`,
      );
    });
  } catch (error) {
    // The refusal is on record, outside the transaction it rolled back.
    if (error instanceof ApiFailure && error.code === 'not_verified') {
      await audit(db, accountId, 'shelter.placement', caseId, now, `refused ${body.shelterId}`);
    }
    throw error;
  }
  return id;
}

/** Whether a team holds a compartment of a case now. */
async function teamHolds(db: Db, caseId: string, teamId: string, compartment: string) {
  const row = await db
    .selectFrom('case_access')
    .select('team_id')
    .where('case_id', '=', caseId)
    .where('team_id', '=', teamId)
    .where('compartment', '=', compartment)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A case's placements for members holding its `general`. The sealed address is handed
 * out only while the case is verified (a case later found suspect no longer gets it),
 * and only to a member holding the case's `location` through the team it was sealed
 * to: the address is location data, whatever team it was once sealed to.
 */
export async function listCasePlacements(
  storage: Storage,
  accountId: string,
  caseId: string,
  now: string,
): Promise<Placement[]> {
  const { db } = storage;
  const held = await requireCaseAccess(db, caseId, accountId, { action: 'case.read', at: now });
  if (!held.has('general')) throw new ApiFailure('not_found');
  const verified = await isVerified(db, caseId);
  await audit(db, accountId, 'case.read', caseId, now, 'placements');
  const rows = await placementRows(db).where('shelter_placement.case_id', '=', caseId).execute();
  const location = held.get('location') ?? [];
  return rows.map((r) =>
    toPlacement(
      r,
      r.code,
      verified &&
        (r.status === 'accepted' || r.status === 'ended') &&
        location.includes(r.requesting_team_id),
    ),
  );
}

/** A shelter's placements and requests, for its team: no address (the team has it). */
export async function listShelterPlacements(
  storage: Storage,
  accountId: string,
  shelterId: string,
  now: string,
): Promise<Placement[]> {
  const { db } = storage;
  const shelter = await requireShelterTeam(db, shelterId, accountId);
  await audit(db, accountId, 'shelter.list', null, now, shelterId);
  const rows = await placementRows(db)
    .where('shelter_placement.shelter_id', '=', shelterId)
    .execute();
  return rows.map((r) => toPlacement(r, shelter.code, false));
}

/** Loads a placement of this shelter under the shelter's lock, in the status expected. */
async function placementIn(
  db: Db,
  shelterId: string,
  placementId: string,
  status: PlacementStatus,
): Promise<Row> {
  await lockShelter(db, shelterId);
  const row = await db
    .selectFrom('shelter_placement')
    .selectAll()
    .where('id', '=', placementId)
    .where('shelter_id', '=', shelterId)
    .executeTakeFirst();
  if (!row) throw new ApiFailure('not_found');
  if (row.status !== status) throw new ApiFailure('conflict');
  return row;
}

/**
 * The shelter team accepts a request: a bed free for the whole stay (`conflict` if not —
 * checked under the shelter's lock, so of two members giving away the last bed at once
 * one gets `conflict`), the case still verified (`not_verified`), the requesting team
 * still holding the case's `location` (`forbidden`: the case may have been unshared from
 * it since the request), and the address sealed to that team's current key, signed by
 * the accepting member.
 */
export async function acceptPlacement(
  storage: Storage,
  accountId: string,
  shelterId: string,
  placementId: string,
  body: z.infer<typeof AcceptPlacementBody>,
  now: string,
): Promise<void> {
  const { db } = storage;
  await requireShelterTeam(db, shelterId, accountId);
  let caseId: string | null = null;
  try {
    await db.transaction().execute(async (trx) => {
      const row = await placementIn(trx, shelterId, placementId, 'requested');
      caseId = row.case_id;
      if (!(await isVerified(trx, row.case_id))) throw new ApiFailure('not_verified');
      if (!(await teamHolds(trx, row.case_id, row.requesting_team_id, 'location'))) {
        throw new ApiFailure('forbidden');
      }
      const team = await trx
        .selectFrom('team')
        .select('key_version')
        .where('id', '=', row.requesting_team_id)
        .executeTakeFirstOrThrow();
      if (team.key_version !== body.address.teamKeyVersion) throw new ApiFailure('invalid_request');
      await requireSignature(
        trx,
        accountId,
        'placement-address',
        placementAddressStatement(
          {
            id: row.id,
            caseId: row.case_id,
            shelterId,
            requestingTeamId: row.requesting_team_id,
          },
          body.bedId,
          body.address,
        ),
        body.address.signature,
      );
      const bed = await trx
        .selectFrom('shelter_bed')
        .select('id')
        .where('shelter_id', '=', shelterId)
        .where('id', '=', body.bedId)
        .executeTakeFirst();
      if (!bed) throw new ApiFailure('invalid_request');
      const free = await freeBeds(trx, shelterId, { from: row.from_day, to: row.to_day }, row.id);
      if (!free.has(body.bedId)) throw new ApiFailure('conflict');
      const updated = await trx
        .updateTable('shelter_placement')
        .set({
          status: 'accepted',
          bed_id: body.bedId,
          decided_by: accountId,
          decided_at: now,
          address_team_key_version: body.address.teamKeyVersion,
          address_sealed_key: body.address.sealedKey,
          address_payload: body.address.payload,
          address_signature: body.address.signature,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .where('status', '=', 'requested')
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n) throw new ApiFailure('conflict');
      await audit(
        trx,
        accountId,
        'shelter.placement',
        row.case_id,
        now,
        `accept ${shelterId} ${row.id}`,
      );
    });
  } catch (error) {
    if (error instanceof ApiFailure && error.code === 'not_verified') {
      await audit(
        db,
        accountId,
        'shelter.placement',
        caseId,
        now,
        `refused ${shelterId} ${placementId}`,
      );
    }
    throw error;
  }
}

/** The shelter team declines a pending request. */
export async function declinePlacement(
  storage: Storage,
  accountId: string,
  shelterId: string,
  placementId: string,
  now: string,
): Promise<void> {
  const { db } = storage;
  await requireShelterTeam(db, shelterId, accountId);
  await db.transaction().execute(async (trx) => {
    const row = await placementIn(trx, shelterId, placementId, 'requested');
    await trx
      .updateTable('shelter_placement')
      .set({ status: 'declined', decided_by: accountId, decided_at: now, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await audit(
      trx,
      accountId,
      'shelter.placement',
      row.case_id,
      now,
      `decline ${shelterId} ${row.id}`,
    );
  });
}

/**
 * Ends a stay on the day the person moved out (on or after `from`, not after a `to` set
 * before: a later day could run into the next stay in that bed). The shelter team may,
 * and so may a member of the requesting team who still holds the case's `general`.
 */
export async function endPlacement(
  storage: Storage,
  accountId: string,
  shelterId: string,
  placementId: string,
  on: string,
  now: string,
): Promise<void> {
  const { db } = storage;
  const row = await db
    .selectFrom('shelter_placement')
    .select(['case_id', 'requesting_team_id'])
    .where('id', '=', placementId)
    .where('shelter_id', '=', shelterId)
    .executeTakeFirst();
  let allowed = false;
  try {
    await requireShelterTeam(db, shelterId, accountId);
    allowed = true;
  } catch {
    if (row) {
      const held = await heldCompartments(db, row.case_id, accountId);
      allowed = held.get('general')?.includes(row.requesting_team_id) ?? false;
    }
  }
  if (!allowed || !row) throw new ApiFailure('not_found');
  await db.transaction().execute(async (trx) => {
    const current = await placementIn(trx, shelterId, placementId, 'accepted');
    if (on < current.from_day || (current.to_day !== null && on > current.to_day)) {
      throw new ApiFailure('invalid_request');
    }
    await trx
      .updateTable('shelter_placement')
      .set({ status: 'ended', to_day: on, updated_at: now })
      .where('id', '=', current.id)
      .execute();
    await audit(
      trx,
      accountId,
      'shelter.placement',
      current.case_id,
      now,
      `end ${shelterId} ${current.id}`,
    );
  });
}
