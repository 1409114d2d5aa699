// The authorisation matrix of the vocabulary endpoints (docs/decisions/0052), on SQLite and
// PostgreSQL. Each endpoint is called by anonymous, the administrator, an outsider (a
// documentation member of another team), a reader (in the vocabulary team without
// `documentation`) and an editor (in the team, with it), with requests as the web app
// makes them: a refused caller seals and signs a record as a real browser would, so a
// refusal shows authorisation, not a malformed body.
import {
  defaultVocabularies,
  getVocabularySettingRoute,
  listVocabularyRecordsRoute,
  mergeVocabulary,
  putVocabularyRecordRoute,
  teamDirectoryRoute,
  type Vocabulary,
} from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test-support/test-database.ts';
import { type MemberSession, unlock } from './auth/log-in.ts';
import type { DirectoryTeam } from './cases/cases.ts';
import { refusal, startTestCorridor, type TestCorridor } from './testing/test-corridor.ts';
import {
  loadVocabularyStore,
  sealVocabularyRecord,
  setVocabularyTeam,
} from './vocabularies/vocabulary-store.ts';

const roles = ['anonymous', 'administrator', 'outsider', 'reader', 'editor'] as const;
type Who = (typeof roles)[number];

describe.each(databaseKinds)('vocabulary authorisation on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let editor: MemberSession;
  let reader: MemberSession;
  let outsider: MemberSession;
  let directory: DirectoryTeam[];
  let vocabularyTeam: string;
  let otherTeam: string;

  const session = (who: Who): MemberSession => {
    const member = { anonymous: editor, administrator: admin, outsider, reader, editor }[who];
    return who === 'anonymous' ? { ...member, api: corridor.api } : member;
  };
  const team = (id: string) => {
    const found = directory.find((t) => t.id === id);
    if (!found) throw new Error(`no team ${id}`);
    return found;
  };
  /** The places vocabulary with one term more, as the caller's browser would seal it. */
  const placesWith = (id: string): Vocabulary => {
    const merged = mergeVocabulary(defaultVocabularies.places, [
      { op: 'add', id, parent: 'grozny', labels: { en: `Place ${id}`, ru: `Место ${id}` } },
    ]);
    if (!merged.ok) throw new Error(merged.code);
    return merged.vocabulary;
  };
  /** Writes the next version of `places` for `teamId`, sealed and signed by the caller. */
  const writePlaces = async (who: Who, teamId: string) => {
    const member = session(who);
    const current =
      teamId === vocabularyTeam
        ? (await loadVocabularyStore(editor)).vocabularies.places.recordVersion
        : 0;
    const body = sealVocabularyRecord(
      member,
      team(teamId),
      'places',
      current + 1,
      placesWith(`by_${who}`),
    );
    return refusal(
      member.api.call(putVocabularyRecordRoute, {
        params: { teamId, kind: 'places' },
        body: { expectedVersion: current, ...body },
      }),
    );
  };

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    editor = await corridor.member('editor', ['documentation']);
    reader = await corridor.member('reader', ['analyst', 'case_coordinator']);
    outsider = await corridor.member('outsider', ['documentation']);
    vocabularyTeam = await corridor.team(admin, 'Documentation', editor, reader);
    otherTeam = await corridor.team(admin, 'Elsewhere', outsider);
    directory = (await editor.api.call(teamDirectoryRoute)).teams;
  });
  afterAll(() => corridor?.stop());

  it('answers every vocabulary endpoint as the authorisation matrix says', async () => {
    await unlock(admin.api, 'password of admin');
    await setVocabularyTeam(admin.api, vocabularyTeam);
    const probes: Record<string, { call: (who: Who) => Promise<string>; last?: Who[] }> = {
      getVocabularySetting: {
        call: async (who) => {
          const answer = await session(who)
            .api.call(getVocabularySettingRoute)
            .catch((e: { code: string }) => e.code);
          return typeof answer === 'string' ? answer : `team ${answer.teamId === vocabularyTeam}`;
        },
      },
      putVocabularyTeam: {
        call: (who) => refusal(setVocabularyTeam(session(who).api, vocabularyTeam)),
        last: ['administrator'],
      },
      listVocabularyRecords: {
        call: async (who) =>
          refusal(
            session(who).api.call(listVocabularyRecordsRoute, {
              params: { teamId: vocabularyTeam },
            }),
          ),
      },
      'listVocabularyRecords (another team, the caller’s own)': {
        call: (who) =>
          refusal(
            session(who).api.call(listVocabularyRecordsRoute, { params: { teamId: otherTeam } }),
          ),
      },
      putVocabularyRecord: {
        call: (who) => writePlaces(who, vocabularyTeam),
        last: ['editor'],
      },
      'putVocabularyRecord (another team, the caller’s own)': {
        call: (who) => writePlaces(who, otherTeam),
      },
    };

    const actual: Record<string, Record<string, string>> = {};
    for (const [name, probe] of Object.entries(probes)) {
      const last = probe.last ?? [];
      const order = [...roles.filter((r) => !last.includes(r)), ...last];
      const answers: Record<string, string> = {};
      for (const who of order) answers[who] = await probe.call(who);
      actual[name] = Object.fromEntries(roles.map((r) => [r, answers[r] as string]));
    }
    const un = 'unauthenticated';
    const nf = 'not_found';
    expect(actual).toEqual({
      getVocabularySetting: {
        anonymous: un,
        administrator: 'team true',
        outsider: 'team true',
        reader: 'team true',
        editor: 'team true',
      },
      putVocabularyTeam: {
        anonymous: un,
        administrator: 'no error',
        outsider: 'forbidden',
        reader: 'forbidden',
        editor: 'forbidden',
      },
      // The administrator holds no team's keys and reads no vocabulary record.
      listVocabularyRecords: {
        anonymous: un,
        administrator: nf,
        outsider: nf,
        reader: 'no error',
        editor: 'no error',
      },
      'listVocabularyRecords (another team, the caller’s own)': {
        anonymous: un,
        administrator: nf,
        outsider: nf,
        reader: nf,
        editor: nf,
      },
      putVocabularyRecord: {
        anonymous: un,
        administrator: nf,
        outsider: nf,
        reader: 'forbidden',
        editor: 'no error',
      },
      'putVocabularyRecord (another team, the caller’s own)': {
        anonymous: un,
        administrator: nf,
        outsider: nf,
        reader: nf,
        editor: nf,
      },
    });
    // Only the editor's record was stored.
    const places = (await loadVocabularyStore(reader)).vocabularies.places;
    expect(places).toMatchObject({ recordVersion: 1, authorId: editor.account.id, problem: null });
    expect(places.vocabulary.terms.filter((t) => t.id.startsWith('by_')).map((t) => t.id)).toEqual([
      'by_editor',
    ]);
  });

  it('asks the administrator for a password proved in the last minutes', async () => {
    corridor.tick(6 * 60);
    expect(await refusal(setVocabularyTeam(admin.api, otherTeam))).toBe(
      'reauthentication_required',
    );
    await unlock(admin.api, 'password of admin');
    expect(await refusal(setVocabularyTeam(admin.api, otherTeam))).toBe('no error');
  });
});
