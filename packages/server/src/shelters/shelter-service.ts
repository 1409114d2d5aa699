import {
  maxSheltersListed,
  maxSheltersPerTeam,
  type PutShelterBody,
  type ShelterList,
  shelterStatement,
} from '@corridor/protocol';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { dayOf, requireSignature, teamsOf } from './shelter-access.ts';

type Db = Storage['db'];

/** The beds someone stays in on `day`: from on or before it, leaving after it. */
async function bedsTaken(db: Db, shelterIds: readonly string[], day: string) {
  if (shelterIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('shelter_placement')
    .select(['shelter_id', 'bed_id'])
    .where('shelter_id', 'in', shelterIds)
    .where('status', 'in', ['accepted', 'ended'])
    .where('from_day', '<=', day)
    .where((eb) => eb.or([eb('to_day', 'is', null), eb('to_day', '>', day)]))
    .execute();
  return new Set(rows.map((r) => `${r.shelter_id} ${r.bed_id}`));
}

/**
 * Every shelter with today's occupancy, for any signed-in member: coordinators must see
 * where there is room, and codes and bed counts are what the server knows anyway. The
 * sealed record (address, rules, contact) goes only to members of the shelter's team.
 */
export async function listShelters(
  storage: Storage,
  accountId: string,
  now: string,
): Promise<z.input<typeof ShelterList>> {
  const { db } = storage;
  const today = dayOf(now);
  await audit(db, accountId, 'shelter.list', null, now);
  const mine = await teamsOf(db, accountId);
  const shelters = await db
    .selectFrom('shelter')
    .selectAll()
    .orderBy('code')
    .orderBy('id')
    .limit(maxSheltersListed)
    .execute();
  const ids = shelters.map((s) => s.id);
  const beds =
    ids.length === 0
      ? []
      : await db
          .selectFrom('shelter_bed')
          .selectAll()
          .where('shelter_id', 'in', ids)
          .orderBy('position')
          .execute();
  const taken = await bedsTaken(db, ids, today);
  const pendingRows =
    ids.length === 0
      ? []
      : await db
          .selectFrom('shelter_placement')
          .select(['shelter_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('shelter_id', 'in', ids)
          .where('status', '=', 'requested')
          .groupBy('shelter_id')
          .execute();
  const pending = new Map(pendingRows.map((r) => [r.shelter_id, Number(r.n)]));
  return {
    today,
    shelters: shelters.map((s) => {
      const own = beds
        .filter((b) => b.shelter_id === s.id)
        .map((b) => ({ id: b.id, label: b.label, occupied: taken.has(`${s.id} ${b.id}`) }));
      const occupied = own.filter((b) => b.occupied).length;
      return {
        id: s.id,
        teamId: s.team_id,
        code: s.code,
        version: s.version,
        capacity: own.length,
        occupied,
        free: own.length - occupied,
        pending: pending.get(s.id) ?? 0,
        beds: own,
        updatedAt: s.updated_at,
        record: mine.has(s.team_id)
          ? {
              teamKeyVersion: s.team_key_version,
              sealedKey: s.sealed_key,
              payload: s.payload,
              signature: s.signature,
              authorId: s.author_id,
            }
          : null,
      };
    }),
  };
}

/**
 * Adds a shelter or stores its next version, as a member of its team. The record must be
 * sealed to the team's current key and signed by its author; the version moves by one
 * from the one the author saw (else `conflict`); a shelter never changes team; a bed
 * someone stays in (or is asked for) cannot be removed (`conflict`).
 * @returns the new version
 */
export async function putShelter(
  storage: Storage,
  accountId: string,
  shelterId: string,
  body: z.infer<typeof PutShelterBody>,
  now: string,
): Promise<number> {
  const { db } = storage;
  if (!(await teamsOf(db, accountId)).has(body.teamId)) throw new ApiFailure('not_found');
  const version = body.expectedVersion + 1;
  await requireSignature(
    db,
    accountId,
    'shelter-record',
    shelterStatement(body.teamId, shelterId, version, body),
    body.signature,
  );
  return db.transaction().execute(async (trx) => {
    const team = await trx
      .selectFrom('team')
      .select('key_version')
      .where('id', '=', body.teamId)
      .executeTakeFirstOrThrow();
    if (team.key_version !== body.teamKeyVersion) throw new ApiFailure('invalid_request');
    const record = {
      code: body.code,
      version,
      team_key_version: body.teamKeyVersion,
      sealed_key: body.sealedKey,
      payload: body.payload,
      signature: body.signature,
      author_id: accountId,
      updated_at: now,
    };
    if (body.expectedVersion === 0) {
      const { n } = await trx
        .selectFrom('shelter')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('team_id', '=', body.teamId)
        .executeTakeFirstOrThrow();
      if (Number(n) >= maxSheltersPerTeam) throw new ApiFailure('invalid_request');
      // An id already taken is a primary-key violation: `conflict`.
      await trx
        .insertInto('shelter')
        .values({ id: shelterId, team_id: body.teamId, created_at: now, ...record })
        .execute();
    } else {
      const updated = await trx
        .updateTable('shelter')
        .set(record)
        .where('id', '=', shelterId)
        .where('team_id', '=', body.teamId)
        .where('version', '=', body.expectedVersion)
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n) {
        const current = await trx
          .selectFrom('shelter')
          .select(['version', 'team_id'])
          .where('id', '=', shelterId)
          .executeTakeFirst();
        if (!current || current.team_id !== body.teamId) throw new ApiFailure('not_found');
        throw new ApiFailure('conflict', current.version);
      }
      const kept = new Set(body.beds.map((b) => b.id));
      const removed = (
        await trx
          .selectFrom('shelter_bed')
          .select('id')
          .where('shelter_id', '=', shelterId)
          .execute()
      )
        .map((b) => b.id)
        .filter((id) => !kept.has(id));
      if (removed.length > 0) {
        const inUse = await trx
          .selectFrom('shelter_placement')
          .select('id')
          .where('shelter_id', '=', shelterId)
          .where('bed_id', 'in', removed)
          .where((eb) =>
            eb.or([
              eb('status', '=', 'requested'),
              eb.and([
                eb('status', '=', 'accepted'),
                eb.or([eb('to_day', 'is', null), eb('to_day', '>', dayOf(now))]),
              ]),
            ]),
          )
          .executeTakeFirst();
        if (inUse) throw new ApiFailure('conflict');
      }
      await trx.deleteFrom('shelter_bed').where('shelter_id', '=', shelterId).execute();
    }
    await trx
      .insertInto('shelter_bed')
      .values(
        body.beds.map((bed, position) => ({
          shelter_id: shelterId,
          id: bed.id,
          label: bed.label,
          position,
        })),
      )
      .execute();
    await audit(trx, accountId, 'shelter.write', null, now, `${body.teamId} ${shelterId}`);
    return version;
  });
}
