import { asSignPublicKey, fromBase64, utf8, verify } from '@corridor/crypto';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/** The teams a member belongs to. */
export async function teamsOf(db: Db, accountId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('team_member')
    .select('team_id')
    .where('account_id', '=', accountId)
    .execute();
  return new Set(rows.map((r) => r.team_id));
}

/**
 * A shelter whose team the member belongs to. Any other shelter — and one that does not
 * exist — is `not_found`, administrators included: the shelter team's records are its own.
 */
export async function requireShelterTeam(
  db: Db,
  shelterId: string,
  accountId: string,
): Promise<{ id: string; team_id: string; code: string }> {
  const row = await db
    .selectFrom('shelter')
    .innerJoin('team_member', 'team_member.team_id', 'shelter.team_id')
    .select(['shelter.id', 'shelter.team_id', 'shelter.code'])
    .where('shelter.id', '=', shelterId)
    .where('team_member.account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw new ApiFailure('not_found');
  return row;
}

/**
 * Takes the shelter's row lock for the rest of the transaction (a no-op update): every
 * placement decision on one shelter runs one after the other, so two members cannot both
 * give away its last bed (PostgreSQL holds the lock to commit; SQLite runs one writer).
 */
export async function lockShelter(db: Db, shelterId: string): Promise<void> {
  const locked = await db
    .updateTable('shelter')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', shelterId)
    .executeTakeFirst();
  if (locked.numUpdatedRows !== 1n) throw new ApiFailure('not_found');
}

/** Checks an author's Ed25519 signature over a statement, or refuses the request. */
export async function requireSignature(
  db: Db,
  accountId: string,
  purpose: string,
  statement: string,
  signature: string,
): Promise<void> {
  const author = await db
    .selectFrom('account')
    .select('sign_public_key')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  if (
    !verify(
      asSignPublicKey(fromBase64(author.sign_public_key)),
      purpose,
      utf8(statement),
      fromBase64(signature),
    )
  ) {
    throw new ApiFailure('invalid_request');
  }
}

/** The day (UTC) of an ISO time: occupancy is counted by day. */
export const dayOf = (iso: string): string => iso.slice(0, 10);
