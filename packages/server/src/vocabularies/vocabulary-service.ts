import { asSignPublicKey, fromBase64, utf8, verify } from '@corridor/crypto';
import {
  type PutVocabularyRecordBody,
  type VocabularyKind,
  type VocabularyRecordSchema,
  type VocabularySetting,
  vocabularyRecordStatement,
} from '@corridor/protocol';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import type { Authenticated } from '../auth/session-guard.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/** Which team keeps the vocabularies, or null while none is chosen. */
export async function vocabularySetting(db: Db): Promise<VocabularySetting> {
  const row = await db.selectFrom('vocabulary_setting').selectAll().executeTakeFirst();
  if (!row) return { teamId: null, updatedBy: null, updatedAt: null };
  return { teamId: row.team_id, updatedBy: row.updated_by, updatedAt: row.updated_at };
}

/**
 * Chooses the vocabulary team (one with a key: its members must be able to seal to it),
 * or none. An unknown or keyless team is `not_found`; nothing changes then.
 */
export async function setVocabularyTeam(
  storage: Storage,
  adminId: string,
  teamId: string | null,
  now: string,
): Promise<VocabularySetting> {
  return storage.db.transaction().execute(async (trx) => {
    if (teamId !== null) {
      const team = await trx
        .selectFrom('team')
        .select('key_version')
        .where('id', '=', teamId)
        .executeTakeFirst();
      if (!team || team.key_version < 1) throw new ApiFailure('not_found');
    }
    const values = { team_id: teamId, updated_by: adminId, updated_at: now };
    await trx
      .insertInto('vocabulary_setting')
      .values({ singleton: 1, ...values })
      .onConflict((c) => c.column('singleton').doUpdateSet(values))
      .execute();
    await audit(trx, adminId, 'vocabulary.setting', null, now, teamId ?? 'none');
    return vocabularySetting(trx);
  });
}

/**
 * The vocabulary team's records are its members' alone: anyone else — administrators
 * included — and any team but the vocabulary team gets `not_found`, as for a team that
 * does not exist.
 */
async function requireVocabularyMember(db: Db, teamId: string, accountId: string): Promise<void> {
  const { teamId: current } = await vocabularySetting(db);
  const member =
    current === teamId
      ? await db
          .selectFrom('team_member')
          .select('team_id')
          .where('team_id', '=', teamId)
          .where('account_id', '=', accountId)
          .executeTakeFirst()
      : undefined;
  if (!member) throw new ApiFailure('not_found');
}

/** The latest record of each vocabulary the team has edited. */
export async function listVocabularyRecords(
  storage: Storage,
  accountId: string,
  teamId: string,
  now: string,
): Promise<z.input<typeof VocabularyRecordSchema>[]> {
  await requireVocabularyMember(storage.db, teamId, accountId);
  await audit(storage.db, accountId, 'vocabulary.list', null, now, teamId);
  const rows = await storage.db
    .selectFrom('vocabulary_record')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('kind')
    .execute();
  return rows.map((row) => ({
    teamId: row.team_id,
    kind: row.kind as VocabularyKind,
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
 * Stores a vocabulary's first record or its next version. Only members of the vocabulary
 * team who hold `documentation` write (other members read and code against it). The
 * record key must be sealed to the team's current key, the author's signature must
 * verify, and the version moves by one from the one the author saw (else `conflict`
 * with the version held).
 * @returns the new version
 */
export async function putVocabularyRecord(
  storage: Storage,
  caller: Authenticated,
  teamId: string,
  kind: VocabularyKind,
  body: z.infer<typeof PutVocabularyRecordBody>,
  now: string,
): Promise<number> {
  const { accountId } = caller;
  await requireVocabularyMember(storage.db, teamId, accountId);
  if (!caller.roles.includes('documentation')) throw new ApiFailure('forbidden');
  const version = body.expectedVersion + 1;
  const author = await storage.db
    .selectFrom('account')
    .select('sign_public_key')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  const statement = vocabularyRecordStatement(teamId, kind, version, body);
  if (
    !verify(
      asSignPublicKey(fromBase64(author.sign_public_key)),
      'vocabulary-record',
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
    const current = await trx
      .selectFrom('vocabulary_record')
      .select('version')
      .where('team_id', '=', teamId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if ((current?.version ?? 0) !== body.expectedVersion) {
      throw new ApiFailure('conflict', current?.version ?? 0);
    }
    if (current === undefined) {
      // Two first saves racing: the loser's insert breaks the primary key, `conflict`.
      await trx
        .insertInto('vocabulary_record')
        .values({ team_id: teamId, kind, created_at: now, ...record })
        .execute();
    } else {
      const updated = await trx
        .updateTable('vocabulary_record')
        .set(record)
        .where('team_id', '=', teamId)
        .where('kind', '=', kind)
        .where('version', '=', body.expectedVersion)
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n) throw new ApiFailure('conflict');
    }
    await audit(trx, accountId, 'vocabulary.write', null, now, `${teamId} ${kind}`);
    return version;
  });
}
