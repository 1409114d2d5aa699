import {
  maxReferrersPerTeam,
  type PutReferrerBody,
  type ReferrerRecordSchema,
  referrerStatement,
} from '@corridor/protocol';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import {
  requireAuthorSignature,
  requireCurrentTeamKey,
  requireTeamMember,
  teamSealedRecordColumns,
  teamSealedRecordFields,
} from '../teams/team-sealed-records.ts';

/** The latest version of each referrer in a team's registry, oldest first. */
export async function listReferrers(
  storage: Storage,
  accountId: string,
  teamId: string,
  now: string,
): Promise<z.input<typeof ReferrerRecordSchema>[]> {
  await requireTeamMember(storage.db, teamId, accountId);
  await audit(storage.db, accountId, 'referrer.list', null, now, teamId);
  const rows = await storage.db
    .selectFrom('referrer')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(maxReferrersPerTeam)
    .execute();
  return rows.map((row) => ({ id: row.id, ...teamSealedRecordFields(row) }));
}

/**
 * Adds a referrer or stores its next version. The record key must be sealed to the
 * team's current key (so a member who left cannot open it) and the author's signature
 * must verify; the version moves by one from the one the author saw (else `conflict`).
 * @returns the new version
 */
export async function putReferrer(
  storage: Storage,
  accountId: string,
  teamId: string,
  referrerId: string,
  body: z.infer<typeof PutReferrerBody>,
  now: string,
): Promise<number> {
  await requireTeamMember(storage.db, teamId, accountId);
  const version = body.expectedVersion + 1;
  await requireAuthorSignature(
    storage.db,
    accountId,
    {
      purpose: 'referrer-record',
      statement: referrerStatement(teamId, referrerId, version, body),
    },
    body.signature,
  );
  return storage.db.transaction().execute(async (trx) => {
    await requireCurrentTeamKey(trx, teamId, body.teamKeyVersion);
    const record = teamSealedRecordColumns(body, version, accountId, now);
    if (body.expectedVersion === 0) {
      const { n } = await trx
        .selectFrom('referrer')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('team_id', '=', teamId)
        .executeTakeFirstOrThrow();
      if (Number(n) >= maxReferrersPerTeam) throw new ApiFailure('invalid_request');
      // An id already taken is a primary-key violation: `conflict`.
      await trx
        .insertInto('referrer')
        .values({ team_id: teamId, id: referrerId, created_at: now, ...record })
        .execute();
      await audit(trx, accountId, 'referrer.write', null, now, `${teamId} ${referrerId}`);
      return version;
    }
    const updated = await trx
      .updateTable('referrer')
      .set(record)
      .where('team_id', '=', teamId)
      .where('id', '=', referrerId)
      .where('version', '=', body.expectedVersion)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) {
      const current = await trx
        .selectFrom('referrer')
        .select('version')
        .where('team_id', '=', teamId)
        .where('id', '=', referrerId)
        .executeTakeFirst();
      if (!current) throw new ApiFailure('not_found');
      throw new ApiFailure('conflict', current.version);
    }
    await audit(trx, accountId, 'referrer.write', null, now, `${teamId} ${referrerId}`);
    return version;
  });
}
