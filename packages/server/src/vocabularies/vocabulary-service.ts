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
import {
  requireAuthorSignature,
  requireCurrentTeamKey,
  requireTeamMember,
  teamSealedRecordColumns,
  teamSealedRecordFields,
} from '../teams/team-sealed-records.ts';

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
  if (current !== teamId) throw new ApiFailure('not_found');
  await requireTeamMember(db, teamId, accountId);
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
    kind: row.kind as VocabularyKind,
    ...teamSealedRecordFields(row),
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
  await requireAuthorSignature(
    storage.db,
    accountId,
    {
      purpose: 'vocabulary-record',
      statement: vocabularyRecordStatement(teamId, kind, version, body),
    },
    body.signature,
  );
  return storage.db.transaction().execute(async (trx) => {
    await requireCurrentTeamKey(trx, teamId, body.teamKeyVersion);
    const record = teamSealedRecordColumns(body, version, accountId, now);
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
