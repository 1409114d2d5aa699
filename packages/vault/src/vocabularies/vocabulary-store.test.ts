// The organisation's vocabularies stored encrypted for the vocabulary team, on SQLite and
// PostgreSQL: the administrator chooses the team, its `documentation` members edit, the
// rest of the team reads, everyone else codes against the defaults; merge refusals,
// stale versions, oversized and misplaced records refused with nothing changed; a record
// the server planted or altered ignored with its problem; no term reaches the disk.
import {
  defaultVocabularies,
  listVocabularyRecordsRoute,
  putVocabularyRecordRoute,
  teamDirectoryRoute,
} from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import { type MemberSession, unlock } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  loadVocabularies,
  loadVocabularyStore,
  saveVocabulary,
  sealVocabularyRecord,
  setVocabularyTeam,
  VocabularyInputError,
  vocabularySetting,
} from './vocabulary-store.ts';

const basement = {
  en: 'Basement under the Fictional Street bakery',
  ru: 'Подвал под пекарней на Вымышленной улице',
};
const flat = { en: 'Flat 9 on Imaginary Lane', ru: 'Квартира 9 в Воображаемом переулке' };

describe.each(databaseKinds)('stored vocabularies on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let dasha: MemberSession; // documentation, in the vocabulary team: edits
  let lena: MemberSession; // documentation, in the vocabulary team: edits
  let nadia: MemberSession; // case coordinator, in the vocabulary team: reads
  let olga: MemberSession; // documentation, in another team: defaults
  let vocabularyTeam: string;
  let otherTeam: string;

  const adminNow = async () => {
    await unlock(admin.api, 'password of admin');
    return admin;
  };

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    dasha = await corridor.member('dasha', ['documentation']);
    lena = await corridor.member('lena', ['documentation', 'analyst']);
    nadia = await corridor.member('nadia', ['case_coordinator']);
    olga = await corridor.member('olga', ['documentation']);
    vocabularyTeam = await corridor.team(admin, 'Documentation', dasha, lena, nadia);
    otherTeam = await corridor.team(admin, 'Hotline', olga);
  });
  afterAll(() => corridor?.stop());

  it('codes against the defaults until the administrator chooses a team', async () => {
    expect(await vocabularySetting(dasha.api)).toEqual({
      teamId: null,
      updatedBy: null,
      updatedAt: null,
    });
    expect(await loadVocabularies(dasha)).toEqual(defaultVocabularies);
    const refused = await saveVocabulary(dasha, 'places', [
      { op: 'add', id: 'basement', parent: 'grozny', labels: basement },
    ]).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'no_vocabulary_team' });
    // Only an administrator chooses, and only a team with a key.
    expect(await refusal(setVocabularyTeam(dasha.api, vocabularyTeam))).toBe('forbidden');
    expect(await refusal(setVocabularyTeam((await adminNow()).api, 'no-such-team'))).toBe(
      'not_found',
    );
    const chosen = await setVocabularyTeam(admin.api, vocabularyTeam);
    expect(chosen).toMatchObject({ teamId: vocabularyTeam, updatedBy: admin.account.id });
    expect((await vocabularySetting(olga.api)).teamId).toBe(vocabularyTeam);
  });

  it('lets the team’s documentation members edit and the whole team read', async () => {
    const added = await saveVocabulary(dasha, 'places', [
      { op: 'add', id: 'basement', parent: 'grozny', labels: basement },
      { op: 'add', id: 'flat_nine', parent: 'argun', labels: flat },
    ]);
    expect(added.version).toBe(1);
    expect(added.vocabulary.version).toBe(2);

    // Lena relabels and moves, on top of Dasha's record.
    const store = await loadVocabularyStore(lena);
    expect(store).toMatchObject({ teamId: vocabularyTeam, member: true });
    expect(store.vocabularies.places).toMatchObject({
      recordVersion: 1,
      authorId: dasha.account.id,
      problem: null,
    });
    await saveVocabulary(
      lena,
      'places',
      [
        { op: 'relabel', id: 'flat_nine', labels: { en: 'Flat 9 (safe)' } },
        { op: 'move', id: 'flat_nine', parent: 'grozny' },
        { op: 'retire', id: 'belarus' },
      ],
      { expectedVersion: 1 },
    );
    await saveVocabulary(lena, 'act_types', [{ op: 'retire', id: 'extortion' }]);

    // Nadia reads both; she holds no `documentation` role, so she cannot write.
    const read = await loadVocabularies(nadia);
    const flatTerm = read.places.terms.find((t) => t.id === 'flat_nine');
    expect(flatTerm).toEqual({
      id: 'flat_nine',
      parent: 'grozny',
      labels: { en: 'Flat 9 (safe)', ru: flat.ru },
      retired: false,
    });
    expect(read.places.terms.find((t) => t.id === 'belarus')?.retired).toBe(true);
    expect(read.act_types.terms.find((t) => t.id === 'extortion')?.retired).toBe(true);
    expect(read.methods).toEqual(defaultVocabularies.methods);
    expect(
      await refusal(
        saveVocabulary(nadia, 'places', [{ op: 'restore', id: 'belarus' }], {
          expectedVersion: 2,
        }),
      ),
    ).toBe('forbidden');

    // Outside the team, administrators included: the defaults, and the records refused.
    expect(await loadVocabularies(olga)).toEqual(defaultVocabularies);
    expect((await loadVocabularyStore(olga)).member).toBe(false);
    for (const member of [admin, olga]) {
      expect(
        await refusal(
          member.api.call(listVocabularyRecordsRoute, { params: { teamId: vocabularyTeam } }),
        ),
      ).toBe('not_found');
    }
    expect(await refusal(saveVocabulary(olga, 'places', [{ op: 'restore', id: 'belarus' }]))).toBe(
      'not_in_vocabulary_team',
    );
  });

  it('refuses edits the merge refuses, before anything is sent', async () => {
    const before = await loadVocabularyStore(dasha);
    const refused = await saveVocabulary(dasha, 'places', [
      { op: 'add', id: 'new_place', parent: 'grozny', labels: { en: 'New', ru: 'Новое' } },
      { op: 'add', id: 'under_retired', parent: 'belarus', labels: { en: 'X', ru: 'Х' } },
    ]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(VocabularyInputError);
    expect(refused).toMatchObject({ code: 'retired_term', termId: 'belarus', editIndex: 1 });
    for (const [edits, code] of [
      [[{ op: 'add', id: 'basement', parent: null, labels: basement }], 'duplicate_term'],
      [[{ op: 'relabel', id: 'atlantis', labels: { en: 'Atlantis' } }], 'unknown_term'],
      [[{ op: 'move', id: 'russia', parent: 'grozny' }], 'cycle'],
      [[], 'invalid_edit'],
    ] as const) {
      expect(await refusal(saveVocabulary(dasha, 'places', edits))).toBe(code);
    }
    // Edits made against a version another member has since replaced.
    expect(
      await refusal(
        saveVocabulary(dasha, 'places', [{ op: 'restore', id: 'belarus' }], {
          expectedVersion: 1,
        }),
      ),
    ).toBe('conflict');
    expect(await loadVocabularyStore(dasha)).toEqual(before);
    // The most a vocabulary may hold (2,000 terms, every label 160 letters of Cyrillic)
    // does not fit a record: refused in the browser, before anything is sent.
    const label = 'Ж'.repeat(160);
    const huge = {
      id: 'places',
      version: 9,
      terms: Array.from({ length: 2000 }, (_, i) => ({
        id: `place_${i}`,
        parent: null,
        labels: { en: label, ru: label },
        retired: false,
      })),
    };
    const directory = (await dasha.api.call(teamDirectoryRoute)).teams;
    const team = directory.find((t) => t.id === vocabularyTeam);
    if (!team) throw new Error('missing');
    expect(() => sealVocabularyRecord(dasha, team, 'places', 3, huge)).toThrow(
      expect.objectContaining({ code: 'too_large' }),
    );
  });

  it('refuses stale, oversized, misplaced and unsigned records on the server', async () => {
    const ring = await loadTeamKeyring(dasha);
    const { records } = await dasha.api.call(listVocabularyRecordsRoute, {
      params: { teamId: vocabularyTeam },
    });
    const places = records.find((r) => r.kind === 'places');
    if (!places) throw new Error('missing');
    const body = {
      expectedVersion: 1, // the server holds 2
      teamKeyVersion: places.teamKeyVersion,
      sealedKey: places.sealedKey,
      payload: places.payload,
      signature: places.signature,
    };
    const put = (member: MemberSession, teamId: string, b: object) =>
      refusal(
        member.api.call(putVocabularyRecordRoute, {
          params: { teamId, kind: 'places' },
          body: b as typeof body,
        }),
      );
    // Lena wrote version 2: her record is what she could replay.
    const stale = await lena.api
      .call(putVocabularyRecordRoute, {
        params: { teamId: vocabularyTeam, kind: 'places' },
        body,
      })
      .catch((e: unknown) => e);
    // Version 2 replayed as if it followed version 1: signed, but stale.
    expect(stale).toMatchObject({ code: 'conflict', currentVersion: 2 });
    // Replayed as version 3: its signature is over version 2, so it does not verify.
    expect(await put(lena, vocabularyTeam, { ...body, expectedVersion: 2 })).toBe(
      'invalid_request',
    );
    // A first record prepared before another member's save: stale too.
    const { vocabulary } = await saveVocabulary(dasha, 'methods', [
      { op: 'add', id: 'water', parent: 'physical_methods', labels: { en: 'Water', ru: 'Вода' } },
    ]);
    expect(vocabulary.terms.some((t) => t.id === 'water')).toBe(true);
    const methods = (
      await dasha.api.call(listVocabularyRecordsRoute, { params: { teamId: vocabularyTeam } })
    ).records.find((r) => r.kind === 'methods');
    await saveVocabulary(lena, 'methods', [{ op: 'retire', id: 'water' }]);
    const replay = await dasha.api
      .call(putVocabularyRecordRoute, {
        params: { teamId: vocabularyTeam, kind: 'methods' },
        body: {
          expectedVersion: 0,
          teamKeyVersion: methods?.teamKeyVersion ?? 1,
          sealedKey: methods?.sealedKey ?? '',
          payload: methods?.payload ?? '',
          signature: methods?.signature ?? '',
        },
      })
      .catch((e: unknown) => e);
    expect(replay).toMatchObject({ code: 'conflict', currentVersion: 2 });

    // Too large, malformed: refused by the schema.
    expect(await put(dasha, vocabularyTeam, { ...body, payload: 'A'.repeat(700_001) })).toBe(
      'invalid_request',
    );
    expect(await put(dasha, vocabularyTeam, { ...body, expectedVersion: -1 })).toBe(
      'invalid_request',
    );
    expect(
      await refusal(
        dasha.api.call(putVocabularyRecordRoute, {
          params: { teamId: vocabularyTeam, kind: 'streets' as 'places' },
          body,
        }),
      ),
    ).toBe('invalid_request');
    // Another team, even the writer's own: not the vocabulary team.
    expect(await put(olga, otherTeam, { ...body, expectedVersion: 0 })).toBe('not_found');
    expect(await put(admin, vocabularyTeam, body)).toBe('not_found');
    // Nothing changed.
    const after = await loadVocabularyStore(nadia, await loadTeamKeyring(nadia));
    expect(after.vocabularies.places.recordVersion).toBe(2);
    expect(after.vocabularies.methods.recordVersion).toBe(2);
    expect(ring.has(vocabularyTeam)).toBe(true);
  });

  it('ignores a record the server planted or altered, with its problem', async () => {
    const db = corridor.server.storage.db;
    const row = await db
      .selectFrom('vocabulary_record')
      .selectAll()
      .where('team_id', '=', vocabularyTeam)
      .where('kind', '=', 'places')
      .executeTakeFirstOrThrow();
    // Moved onto another kind: the signature names `places`.
    await db
      .updateTable('vocabulary_record')
      .set({ kind: 'consent_uses' })
      .where('team_id', '=', vocabularyTeam)
      .where('kind', '=', 'places')
      .execute();
    let store = await loadVocabularyStore(nadia);
    expect(store.vocabularies.consent_uses).toMatchObject({
      problem: 'bad_signature',
      vocabulary: defaultVocabularies.consent_uses,
    });
    expect(store.vocabularies.places.vocabulary).toEqual(defaultVocabularies.places);
    // A save over it is refused unless the member chooses to start again from the default.
    expect(
      await refusal(saveVocabulary(dasha, 'consent_uses', [{ op: 'retire', id: 'osce' }])),
    ).toBe('record_has_problem');
    await db
      .updateTable('vocabulary_record')
      .set({ kind: 'places', author_id: nadia.account.id })
      .where('team_id', '=', vocabularyTeam)
      .where('kind', '=', 'consent_uses')
      .execute();
    store = await loadVocabularyStore(dasha);
    expect(store.vocabularies.places.problem).toBe('bad_signature');
    await db
      .updateTable('vocabulary_record')
      .set({ author_id: row.author_id })
      .where('team_id', '=', vocabularyTeam)
      .where('kind', '=', 'places')
      .execute();
    store = await loadVocabularyStore(dasha);
    expect(store.vocabularies.places.problem).toBeNull();
    // Starting again from the default over a record that does not check out, by choice.
    await db
      .insertInto('vocabulary_record')
      .values({ ...row, kind: 'consent_uses', payload: `${row.payload.slice(0, -8)}AAAAAAAA` })
      .execute();
    expect((await loadVocabularyStore(dasha)).vocabularies.consent_uses.problem).toBe(
      'bad_signature',
    );
    const restarted = await saveVocabulary(dasha, 'consent_uses', [{ op: 'retire', id: 'osce' }], {
      overProblem: true,
    });
    expect(restarted.version).toBe(row.version + 1);
    expect((await loadVocabularyStore(nadia)).vocabularies.consent_uses).toMatchObject({
      problem: null,
      vocabulary: { version: 2 },
    });
    expect(store.vocabularies.places.vocabulary.terms.some((t) => t.id === 'basement')).toBe(true);
  });

  it('keeps every term and label off the disk, and out of the audit log', async () => {
    const { found, bytes } = await searchSeizedData(corridor.database, [
      basement.en,
      basement.ru,
      flat.en,
      flat.ru,
      'Flat 9 (safe)',
      'basement',
      'flat_nine',
      ...corridor.secrets,
    ]);
    expect(bytes).toBeGreaterThan(0);
    expect(found).toEqual([]);
    const entries = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['action', 'detail'])
      .where('action', 'like', 'vocabulary.%')
      .execute();
    expect(new Set(entries.map((e) => e.action))).toEqual(
      new Set(['vocabulary.setting', 'vocabulary.list', 'vocabulary.write']),
    );
    expect(entries.filter((e) => e.action === 'vocabulary.write')[0]?.detail).toBe(
      `${vocabularyTeam} places`,
    );
  });

  it('starts another chosen team from the defaults, and finds the first team’s records again', async () => {
    await setVocabularyTeam((await adminNow()).api, otherTeam);
    expect(await loadVocabularies(dasha)).toEqual(defaultVocabularies);
    expect((await loadVocabularyStore(olga)).member).toBe(true);
    expect(await loadVocabularies(olga)).toEqual(defaultVocabularies);
    await setVocabularyTeam(admin.api, vocabularyTeam);
    expect((await loadVocabularies(dasha)).places.terms.some((t) => t.id === 'basement')).toBe(
      true,
    );
    // None: the defaults for everyone.
    await setVocabularyTeam(admin.api, null);
    expect(await loadVocabularies(dasha)).toEqual(defaultVocabularies);
    expect((await dasha.api.call(teamDirectoryRoute)).teams.length).toBe(2);
  });
});

describe.each(databaseKinds)('vocabulary writes under the write limit on %s', (kind) => {
  let corridor: TestCorridor;
  let dasha: MemberSession;

  beforeAll(async () => {
    corridor = await startTestCorridor(kind, { caseWritesPerMinute: 2 });
    const admin = await corridor.member('admin', ['administrator']);
    dasha = await corridor.member('dasha', ['documentation']);
    const team = await corridor.team(admin, 'Documentation', dasha);
    await setVocabularyTeam(admin.api, team);
  });
  afterAll(() => corridor?.stop());

  it('counts each saved version as a write, and a refused one changes nothing', async () => {
    await saveVocabulary(dasha, 'methods', [{ op: 'retire', id: 'flogging' }]);
    await saveVocabulary(dasha, 'methods', [{ op: 'restore', id: 'flogging' }]);
    expect(await refusal(saveVocabulary(dasha, 'methods', [{ op: 'retire', id: 'beating' }]))).toBe(
      'rate_limited',
    );
    const methods = (await loadVocabularyStore(dasha)).vocabularies.methods;
    expect(methods.recordVersion).toBe(2);
    expect(methods.vocabulary.terms.find((t) => t.id === 'beating')?.retired).toBe(false);
    corridor.tick(61);
    expect(await refusal(saveVocabulary(dasha, 'methods', [{ op: 'retire', id: 'beating' }]))).toBe(
      'no error',
    );
  });
});
