import { asSignPublicKey, fromBase64, utf8, verify } from '@corridor/crypto';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';

// What the team-keyed registries (referrers, vocabularies) check alike before storing a
// record: the caller is in the team, the author's signature verifies over the registry's
// own statement, the record key is sealed to the team's current key. Each registry keeps
// its own table, statement, signing purpose and version rules.

type Db = Storage['db'];

/** A record as a registry stores it, whatever identifies it within the team. */
export interface TeamSealedRecordRow {
  team_id: string;
  version: number;
  team_key_version: number;
  sealed_key: string;
  payload: string;
  signature: string;
  author_id: string;
  created_at: string;
  updated_at: string;
}

/** What a put request brings: the sealed record and its author's signature. */
export interface TeamSealedRecordBody {
  readonly teamKeyVersion: number;
  readonly sealedKey: string;
  readonly payload: string;
  readonly signature: string;
}

/**
 * A team's registry is its members' alone: anyone else — administrators included — gets
 * `not_found`, as for a team that does not exist.
 */
export async function requireTeamMember(db: Db, teamId: string, accountId: string): Promise<void> {
  const row = await db
    .selectFrom('team_member')
    .select('team_id')
    .where('team_id', '=', teamId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw new ApiFailure('not_found');
}

/**
 * The author's signature (the caller's, by the key on their account) over the registry's
 * statement for this record, with the registry's purpose; `invalid_request` if it does not
 * verify, so the server stores nothing a member did not sign.
 */
export async function requireAuthorSignature(
  db: Db,
  accountId: string,
  signing: { readonly purpose: string; readonly statement: string },
  signature: string,
): Promise<void> {
  const author = await db
    .selectFrom('account')
    .select('sign_public_key')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  const signed = verify(
    asSignPublicKey(fromBase64(author.sign_public_key)),
    signing.purpose,
    utf8(signing.statement),
    fromBase64(signature),
  );
  if (!signed) throw new ApiFailure('invalid_request');
}

/**
 * The record key must be sealed to the team's current key, so a member who has left the
 * team (and the key was rotated) cannot open it; else `invalid_request`.
 */
export async function requireCurrentTeamKey(
  db: Db,
  teamId: string,
  teamKeyVersion: number,
): Promise<void> {
  const team = await db
    .selectFrom('team')
    .select('key_version')
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
  if (team.key_version !== teamKeyVersion) throw new ApiFailure('invalid_request');
}

/** The columns a put writes, for an insert or an update alike. */
export function teamSealedRecordColumns(
  body: TeamSealedRecordBody,
  version: number,
  authorId: string,
  now: string,
) {
  return {
    version,
    team_key_version: body.teamKeyVersion,
    sealed_key: body.sealedKey,
    payload: body.payload,
    signature: body.signature,
    author_id: authorId,
    updated_at: now,
  };
}

/** A stored row as the protocol's record fields (the registry adds its own identifier). */
export function teamSealedRecordFields(row: TeamSealedRecordRow) {
  return {
    teamId: row.team_id,
    version: row.version,
    teamKeyVersion: row.team_key_version,
    sealedKey: row.sealed_key,
    payload: row.payload,
    signature: row.signature,
    authorId: row.author_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
