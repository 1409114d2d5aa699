import { asSignPublicKey, fromBase64, randomToken, utf8, verify } from '@corridor/crypto';
import {
  type AddMemberBody,
  type CreateTeamBody,
  type InitialiseTeamKeyBody,
  type RemoveMemberBody,
  type TeamViewSchema,
  teamKeyGrantStatement,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { Clock } from '../auth/clock.ts';
import type { Authenticated } from '../auth/session-guard.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/** The team, if the caller is a member of it; otherwise `not_found`, as if it did not exist. */
export async function teamOfMember(db: Db, teamId: string, accountId: string) {
  const team = await db
    .selectFrom('team')
    .innerJoin('team_member', 'team_member.team_id', 'team.id')
    .select(['team.id', 'team.key_version', 'team.box_public_key'])
    .where('team.id', '=', teamId)
    .where('team_member.account_id', '=', accountId)
    .executeTakeFirst();
  if (!team) throw new ApiFailure('not_found');
  return team;
}

/** The most members a team can have: the size every team view and rotation is bounded by. */
const maxMembers = 500;

/**
 * Checks that a grant is signed by the calling member (purpose `key-grant`). Clients check
 * it too; here it stops a stolen session token from planting grants under another name.
 */
async function assertSignedByCaller(
  db: Db,
  callerId: string,
  teamId: string,
  version: number,
  grant: { accountId: string; sealedKey: string; signature: string },
): Promise<void> {
  const caller = await db
    .selectFrom('account')
    .select('sign_public_key')
    .where('id', '=', callerId)
    .executeTakeFirstOrThrow();
  let valid = false;
  try {
    valid = verify(
      asSignPublicKey(fromBase64(caller.sign_public_key)),
      'key-grant',
      utf8(teamKeyGrantStatement(teamId, version, grant.accountId, grant.sealedKey)),
      fromBase64(grant.signature),
    );
  } catch {
    valid = false;
  }
  if (!valid) throw new ApiFailure('invalid_request');
}

/**
 * Locks the team row for the rest of the transaction and checks its key version, so
 * concurrent adds and rotations are applied one after the other (`conflict` for the
 * loser), on SQLite and PostgreSQL alike.
 */
async function lockTeamAtVersion(db: Db, teamId: string, version: number): Promise<void> {
  const locked = await db
    .updateTable('team')
    .set((eb) => ({ key_version: eb.ref('key_version') }))
    .where('id', '=', teamId)
    .where('key_version', '=', version)
    .executeTakeFirst();
  if (locked.numUpdatedRows !== 1n) throw new ApiFailure('conflict');
}

async function activeAccount(db: Db, accountId: string): Promise<void> {
  const account = await db
    .selectFrom('account')
    .select('id')
    .where('id', '=', accountId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!account) throw new ApiFailure('not_found');
}

export async function createTeam(
  storage: Storage,
  clock: Clock,
  admin: Authenticated,
  body: z.infer<typeof CreateTeamBody>,
): Promise<{ teamId: string }> {
  // An administrator who made themself a member would hold the team's keys.
  if (body.firstMemberId === admin.accountId) throw new ApiFailure('invalid_request');
  await activeAccount(storage.db, body.firstMemberId);
  const teamId = randomToken(16);
  const now = clock().toISOString();
  await storage.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('team')
      .values({
        id: teamId,
        name: body.name,
        box_public_key: null,
        created_by: admin.accountId,
        created_at: now,
      })
      .execute();
    await trx
      .insertInto('team_member')
      .values({ team_id: teamId, account_id: body.firstMemberId, added_at: now })
      .execute();
  });
  return { teamId };
}

export async function initialiseTeamKey(
  storage: Storage,
  caller: Authenticated,
  teamId: string,
  body: z.infer<typeof InitialiseTeamKeyBody>,
): Promise<void> {
  await teamOfMember(storage.db, teamId, caller.accountId);
  if (body.grant.accountId !== caller.accountId) throw new ApiFailure('invalid_request');
  await assertSignedByCaller(storage.db, caller.accountId, teamId, 1, body.grant);
  await storage.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('team')
      .set({ key_version: 1, box_public_key: body.boxPublicKey })
      .where('id', '=', teamId)
      .where('key_version', '=', 0)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) throw new ApiFailure('conflict');
    await trx
      .insertInto('team_key_grant')
      .values({
        team_id: teamId,
        account_id: caller.accountId,
        key_version: 1,
        sealed_key: body.grant.sealedKey,
        granted_by: caller.accountId,
        signature: body.grant.signature,
      })
      .execute();
  });
}

export async function addMember(
  storage: Storage,
  clock: Clock,
  caller: Authenticated,
  teamId: string,
  body: z.infer<typeof AddMemberBody>,
): Promise<void> {
  await teamOfMember(storage.db, teamId, caller.accountId);
  const newMember = body.grant.accountId;
  await activeAccount(storage.db, newMember);
  await assertSignedByCaller(storage.db, caller.accountId, teamId, body.keyVersion, body.grant);
  await storage.db.transaction().execute(async (trx) => {
    await lockTeamAtVersion(trx, teamId, body.keyVersion);
    const { n } = await trx
      .selectFrom('team_member')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('team_id', '=', teamId)
      .executeTakeFirstOrThrow();
    if (Number(n) >= maxMembers) throw new ApiFailure('invalid_request');
    const existing = await trx
      .selectFrom('team_member')
      .select('account_id')
      .where('team_id', '=', teamId)
      .where('account_id', '=', newMember)
      .executeTakeFirst();
    if (existing) throw new ApiFailure('conflict');
    await trx
      .insertInto('team_member')
      .values({ team_id: teamId, account_id: newMember, added_at: clock().toISOString() })
      .execute();
    await trx
      .insertInto('team_key_grant')
      .values({
        team_id: teamId,
        account_id: newMember,
        key_version: body.keyVersion,
        sealed_key: body.grant.sealedKey,
        granted_by: caller.accountId,
        signature: body.grant.signature,
      })
      .execute();
  });
}

/**
 * Removes a member and rotates the team key in one transaction: the new public key,
 * the new secret sealed to exactly the remaining members, and the previous secret
 * sealed to the new key. The removed member's grants are deleted. A member cannot
 * remove themself — they would make, and so know, the next key.
 */
export async function removeMember(
  storage: Storage,
  caller: Authenticated,
  teamId: string,
  removed: string,
  body: z.infer<typeof RemoveMemberBody>,
): Promise<void> {
  await teamOfMember(storage.db, teamId, caller.accountId);
  if (removed === caller.accountId) throw new ApiFailure('invalid_request');
  for (const grant of body.grants) {
    await assertSignedByCaller(storage.db, caller.accountId, teamId, body.fromVersion + 1, grant);
  }
  await storage.db.transaction().execute(async (trx) => {
    await lockTeamAtVersion(trx, teamId, body.fromVersion);
    const members = (
      await trx
        .selectFrom('team_member')
        .select('account_id')
        .where('team_id', '=', teamId)
        .execute()
    ).map((m) => m.account_id);
    if (!members.includes(removed)) throw new ApiFailure('not_found');
    const remaining = members.filter((m) => m !== removed).sort();
    const granted = body.grants.map((g) => g.accountId).sort();
    if (JSON.stringify(granted) !== JSON.stringify(remaining))
      throw new ApiFailure('invalid_request');
    const next = body.fromVersion + 1;
    const rotated = await trx
      .updateTable('team')
      .set({ key_version: next, box_public_key: body.newBoxPublicKey })
      .where('id', '=', teamId)
      .where('key_version', '=', body.fromVersion)
      .executeTakeFirst();
    if (rotated.numUpdatedRows !== 1n) throw new ApiFailure('conflict');
    await trx
      .deleteFrom('team_member')
      .where('team_id', '=', teamId)
      .where('account_id', '=', removed)
      .execute();
    await trx
      .deleteFrom('team_key_grant')
      .where('team_id', '=', teamId)
      .where('account_id', '=', removed)
      .execute();
    await trx
      .insertInto('team_key_chain')
      .values({
        team_id: teamId,
        key_version: body.fromVersion,
        sealed_key: body.previousKeySealed,
      })
      .execute();
    await trx
      .insertInto('team_key_grant')
      .values(
        body.grants.map((grant) => ({
          team_id: teamId,
          account_id: grant.accountId,
          key_version: next,
          sealed_key: grant.sealedKey,
          granted_by: caller.accountId,
          signature: grant.signature,
        })),
      )
      .execute();
  });
}

/** The caller's teams, with their own grants and the key chain. */
export async function listTeams(
  storage: Storage,
  caller: Authenticated,
): Promise<z.infer<typeof TeamViewSchema>[]> {
  const { db } = storage;
  const teams = await db
    .selectFrom('team')
    .innerJoin('team_member', 'team_member.team_id', 'team.id')
    .select(['team.id', 'team.name', 'team.key_version', 'team.box_public_key'])
    .where('team_member.account_id', '=', caller.accountId)
    .orderBy('team.name')
    .execute();
  return Promise.all(
    teams.map(async (team) => {
      const members = await db
        .selectFrom('team_member')
        .innerJoin('account', 'account.id', 'team_member.account_id')
        .select(['account.id as accountId', 'account.handle'])
        .where('team_member.team_id', '=', team.id)
        .orderBy('account.handle')
        .execute();
      const myKeys = await db
        .selectFrom('team_key_grant')
        .select([
          'key_version as keyVersion',
          'sealed_key as sealedKey',
          'granted_by as grantedBy',
          'signature',
        ])
        .where('team_id', '=', team.id)
        .where('account_id', '=', caller.accountId)
        .orderBy('key_version')
        .execute();
      const keyChain = await db
        .selectFrom('team_key_chain')
        .select(['key_version as keyVersion', 'sealed_key as sealedKey'])
        .where('team_id', '=', team.id)
        .orderBy('key_version')
        .execute();
      return {
        id: team.id,
        name: team.name,
        keyVersion: Number(team.key_version),
        boxPublicKey: team.box_public_key,
        members,
        myKeys: myKeys.map((k) => ({ ...k, keyVersion: Number(k.keyVersion) })),
        keyChain: keyChain.map((k) => ({ ...k, keyVersion: Number(k.keyVersion) })),
      };
    }),
  );
}
