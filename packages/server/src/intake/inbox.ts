import {
  asSignPublicKey,
  fromBase64,
  type ReceiptKdfParams,
  randomBytes,
  toBase64,
  utf8,
  verify,
} from '@corridor/crypto';
import { type AddInboxKeyBody, type InboxView, inboxKeyStatement } from '@corridor/protocol';
import type { z } from 'zod';
import type { Clock } from '../auth/clock.ts';
import type { Authenticated } from '../auth/session-guard.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/** The one inbox of an installation (a second would be a second row). */
export const inboxId = 'hotline';

/**
 * Receipt codes of a new inbox: BLAKE2b keyed with the server's receipt key (decision
 * 0035, superseding 0031's Argon2id over 1 MiB). The code carries 100 bits from the
 * CSPRNG, so stretching buys nothing a seizure could notice, and the key in the secrets
 * file means the database alone tests no guess. Stored with the inbox: an inbox made
 * with Argon2id keeps it, and its codes keep working.
 */
export const intakeReceiptKdf: ReceiptKdfParams = { algorithm: 'blake2b-keyed' };

export interface InboxState {
  readonly teamId: string;
  readonly receiptSalt: Uint8Array;
  readonly receiptKdf: ReceiptKdfParams;
}

export async function inboxState(db: Db): Promise<InboxState | undefined> {
  const row = await db
    .selectFrom('intake_inbox')
    .selectAll()
    .where('id', '=', inboxId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    teamId: row.team_id,
    receiptSalt: fromBase64(row.receipt_salt),
    receiptKdf: JSON.parse(row.receipt_kdf) as ReceiptKdfParams,
  };
}

/** The key new messages are sealed to, or undefined before a hotline member made one. */
export async function currentInboxKey(
  db: Db,
): Promise<{ version: number; boxPublicKey: string } | undefined> {
  const row = await db
    .selectFrom('intake_inbox_key')
    .select(['version', 'box_public_key'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { version: row.version, boxPublicKey: row.box_public_key } : undefined;
}

/**
 * The caller, if a member of the team that answers the hotline; otherwise `not_found`
 * for every conversation, administrators included, as if none existed.
 */
export async function requireHotlineMember(db: Db, caller: Authenticated): Promise<string> {
  const row = await db
    .selectFrom('intake_inbox')
    .innerJoin('team_member', 'team_member.team_id', 'intake_inbox.team_id')
    .select('intake_inbox.team_id')
    .where('intake_inbox.id', '=', inboxId)
    .where('team_member.account_id', '=', caller.accountId)
    .executeTakeFirst();
  if (!row) throw new ApiFailure('not_found');
  return row.team_id;
}

async function isMember(db: Db, teamId: string, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('team_member')
    .select('team_id')
    .where('team_id', '=', teamId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function getInbox(db: Db, caller: Authenticated): Promise<z.infer<typeof InboxView>> {
  const state = await inboxState(db);
  if (!state) return { teamId: null, member: false, keyVersion: 0, teamKeyVersion: 0, keys: [] };
  const member = await isMember(db, state.teamId, caller.accountId);
  const keys = await db
    .selectFrom('intake_inbox_key')
    .selectAll()
    .orderBy('version')
    .limit(1000)
    .execute();
  const newest = keys.at(-1);
  return {
    teamId: state.teamId,
    member,
    keyVersion: newest?.version ?? 0,
    teamKeyVersion: newest?.team_key_version ?? 0,
    keys: member
      ? keys.map((k) => ({
          version: k.version,
          boxPublicKey: k.box_public_key,
          teamKeyVersion: k.team_key_version,
          sealedSecretKey: k.sealed_secret_key,
          createdBy: k.created_by,
          signature: k.signature,
        }))
      : [],
  };
}

/**
 * Chooses the team that answers the hotline: an administrator, or a member of that team
 * while no team is chosen. Once a key exists the team is fixed (`conflict`): moving the
 * inbox to another team needs its history re-sealed, which is not built yet.
 */
export async function setInboxTeam(
  storage: Storage,
  clock: Clock,
  caller: Authenticated,
  teamId: string,
): Promise<void> {
  const { db } = storage;
  const team = await db
    .selectFrom('team')
    .select(['id', 'key_version'])
    .where('id', '=', teamId)
    .executeTakeFirst();
  const admin = caller.roles.includes('administrator');
  const member = team ? await isMember(db, teamId, caller.accountId) : false;
  if (!team || (!admin && !member)) throw new ApiFailure('not_found');
  const existing = await inboxState(db);
  if (existing && !admin) throw new ApiFailure('forbidden');
  await db.transaction().execute(async (trx) => {
    const key = await currentInboxKey(trx);
    if (key) {
      if (existing?.teamId === teamId) return;
      throw new ApiFailure('conflict');
    }
    const now = clock().toISOString();
    if (existing) {
      await trx
        .updateTable('intake_inbox')
        .set({ team_id: teamId, updated_at: now })
        .where('id', '=', inboxId)
        .execute();
    } else {
      await trx
        .insertInto('intake_inbox')
        .values({
          id: inboxId,
          team_id: teamId,
          receipt_salt: toBase64(randomBytes(16)),
          receipt_kdf: JSON.stringify(intakeReceiptKdf),
          updated_at: now,
        })
        .execute();
    }
  });
}

/**
 * Adds the next inbox key: made in a hotline member's browser, its secret sealed to the
 * team's current key and signed by that member. A new version is added after the team
 * key rotates (a member left), so what arrives from then on is closed to them.
 */
export async function addInboxKey(
  storage: Storage,
  clock: Clock,
  caller: Authenticated,
  body: z.infer<typeof AddInboxKeyBody>,
): Promise<void> {
  const { db } = storage;
  const teamId = await requireHotlineMember(db, caller);
  const account = await db
    .selectFrom('account')
    .select('sign_public_key')
    .where('id', '=', caller.accountId)
    .executeTakeFirstOrThrow();
  let signed = false;
  try {
    signed = verify(
      asSignPublicKey(fromBase64(account.sign_public_key)),
      'inbox-key',
      utf8(inboxKeyStatement(teamId, body)),
      fromBase64(body.signature),
    );
  } catch {
    signed = false;
  }
  if (!signed) throw new ApiFailure('invalid_request');
  await db.transaction().execute(async (trx) => {
    const team = await trx
      .selectFrom('team')
      .select('key_version')
      .where('id', '=', teamId)
      .executeTakeFirstOrThrow();
    if (body.teamKeyVersion !== team.key_version) throw new ApiFailure('conflict');
    const current = await currentInboxKey(trx);
    if (body.version !== (current?.version ?? 0) + 1) throw new ApiFailure('conflict');
    // A primary-key clash with a concurrent add is a `conflict` too (error-handling).
    await trx
      .insertInto('intake_inbox_key')
      .values({
        version: body.version,
        box_public_key: body.boxPublicKey,
        team_id: teamId,
        team_key_version: body.teamKeyVersion,
        sealed_secret_key: body.sealedSecretKey,
        created_by: caller.accountId,
        signature: body.signature,
        created_at: clock().toISOString(),
      })
      .execute();
  });
}
