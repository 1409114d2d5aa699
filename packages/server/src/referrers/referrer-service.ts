import { asSignPublicKey, fromBase64, utf8, verify } from '@corridor/crypto';
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

type Db = Storage['db'];

/**
 * A team's registry is its members' alone: anyone else — administrators included — gets
 * `not_found`, as for a team that does not exist.
 */
async function requireMember(db: Db, teamId: string, accountId: string): Promise<void> {
  const row = await db
    .selectFrom('team_member')
    .select('team_id')
    .where('team_id', '=', teamId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw new ApiFailure('not_found');
}

/** The latest version of each referrer in a team's registry, oldest first. */
export async function listReferrers(
  storage: Storage,
  accountId: string,
  teamId: string,
  now: string,
): Promise<z.input<typeof ReferrerRecordSchema>[]> {
  await requireMember(storage.db, teamId, accountId);
  await audit(storage.db, accountId, 'referrer.list', null, now, teamId);
  const rows = await storage.db
    .selectFrom('referrer')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(maxReferrersPerTeam)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    teamId: row.team_id,
    version: row.version,
    teamKeyVersion: row.team_key_version,
    sealedKey: row.sealed_key,
    payload: row.payload,
    signature: row.signature,
    authorId: row.author_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
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
  await requireMember(storage.db, teamId, accountId);
  const version = body.expectedVersion + 1;
  const author = await storage.db
    .selectFrom('account')
    .select('sign_public_key')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  const statement = referrerStatement(teamId, referrerId, version, body);
  if (
    !verify(
      asSignPublicKey(fromBase64(author.sign_public_key)),
      'referrer-record',
      utf8(statement),
      fromBase64(body.signature),
    )
  ) {
    throw new ApiFailure('invalid_request');
  }
  return storage.db.transaction().execute(async (trx) => {
    const team = await trx
      .selectFrom('team')
      .select('key_version')
      .where('id', '=', teamId)
      .executeTakeFirstOrThrow();
    if (team.key_version !== body.teamKeyVersion) throw new ApiFailure('invalid_request');
    const record = {
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
