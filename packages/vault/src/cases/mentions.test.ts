// Mentions in notes through the client core against a whole server, on SQLite and
// PostgreSQL: who may be mentioned, what the mentioned member sees (and stops seeing when
// access goes), the signature over the mention list, the authorisation matrix of the
// mention endpoints, the audit trail and the seizure test.
import {
  appendCaseEventRoute,
  getCaseRoute,
  listCaseMembersRoute,
  listMentionsRoute,
  listTeamsRoute,
  markMentionsReadRoute,
  teamDirectoryRoute,
} from '@corridor/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { ApiClient } from '../api/api-client.ts';
import { type MemberSession, unlock } from '../auth/log-in.ts';
import { removeTeamMember } from '../teams/team-keys.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { type EventInput, writeEvent } from './case-events.ts';
import { loadTeamKeyring } from './case-keys.ts';
import {
  addNote,
  type CaseView,
  createCase,
  currentKey,
  type DirectoryTeam,
  openCase,
  revokeCaseAccess,
} from './cases.ts';
import { listCaseMembers, listMentions, markMentionsRead, mentionableMembers } from './mentions.ts';

const notes = {
  first: 'Тимур, перезвони врачу в Казани до 18:00',
  second: 'Alina: the flat on Kazan street 31 is free from Friday',
  afterRevoke: 'Приют больше не видит это дело',
};

describe.each(databaseKinds)('mentions in notes on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let nadia: MemberSession; // hotline operator, opens the case
  let timur: MemberSession; // case coordinator, hotline
  let alina: MemberSession; // shelter: general and location
  let dasha: MemberSession; // documentation: testimony only
  let outsider: MemberSession; // a team the case is not shared with
  let directory: DirectoryTeam[];
  let teams: Record<'hotline' | 'shelter' | 'documentation', string>;
  let caseId: string;
  let firstSeq: number;

  const open = async (member: MemberSession) =>
    openCase(member, await loadTeamKeyring(member), caseId);
  const ids = (...members: MemberSession[]) => members.map((m) => m.account.id);
  const version = async () => (await open(nadia)).summary.version;
  /** Sends a note event as built, bypassing `addNote`'s care. */
  const send = (member: MemberSession, view: CaseView, event: EventInput) =>
    member.api.call(appendCaseEventRoute, {
      params: { caseId },
      body: { expectedVersion: view.timeline.head.version, event },
    });
  const noteEvent = (
    member: MemberSession,
    view: CaseView,
    mentions: string[],
    eventKind: 'note.added' | 'compartment.updated' = 'note.added',
  ) =>
    writeEvent(
      member,
      caseId,
      view.timeline.head,
      'general',
      currentKey(view.keys, 'general'),
      eventKind,
      { text: 'x', mentions },
      null,
      undefined,
      undefined,
      mentions,
    ).event;

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['hotline_operator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    alina = await corridor.member('alina', ['shelter_coordinator']);
    dasha = await corridor.member('dasha', ['documentation']);
    outsider = await corridor.member('outsider', ['hotline_operator']);
    teams = {
      hotline: await corridor.team(admin, 'Hotline', nadia, timur),
      shelter: await corridor.team(admin, 'Shelters', alina),
      documentation: await corridor.team(admin, 'Documentation', dasha),
    };
    await corridor.team(admin, 'Elsewhere', outsider);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    caseId = await createCase(nadia, directory, {
      title: 'Caller from the bus station',
      riskLevel: 3,
      share: {
        general: [teams.hotline, teams.shelter],
        location: [teams.hotline, teams.shelter],
        testimony: [teams.hotline, teams.documentation],
      },
    });
  });
  afterAll(() => corridor?.stop());

  it('offers as mentionable only members who can read the notes', async () => {
    const members = await listCaseMembers(nadia, caseId);
    expect(members.map((m) => [m.handle, m.compartments])).toEqual([
      ['alina', ['general', 'location']],
      ['dasha', ['testimony']],
      ['nadia', ['general', 'location', 'testimony']],
      ['timur', ['general', 'location', 'testimony']],
    ]);
    expect((await mentionableMembers(nadia, caseId)).map((m) => m.handle)).toEqual([
      'alina',
      'timur',
    ]);
  });

  it('mentions members in a note: signed, shown in the timeline, listed to them without content', async () => {
    await addNote(nadia, await open(nadia), notes.first, { mentions: ids(timur, alina, timur) });
    const view = await open(timur);
    expect(view.timeline.problems).toEqual([]);
    const note = view.notes.at(-1);
    expect(note).toMatchObject({ text: notes.first, mentions: ids(timur, alina) });
    firstSeq = note?.seq ?? 0;
    expect(view.timeline.entries.at(-1)?.mentions).toEqual(ids(timur, alina));
    // The mention list is in the encrypted note too.
    expect(view.timeline.entries.at(-1)?.content).toEqual({
      text: notes.first,
      mentions: ids(timur, alina),
    });

    const timurs = await listMentions(timur);
    expect(timurs).toEqual({
      mentions: [
        {
          caseId,
          seq: firstSeq,
          authorId: nadia.account.id,
          createdAt: expect.any(String),
          readAt: null,
        },
      ],
      unread: 1,
    });
    expect(JSON.stringify(timurs)).not.toContain('18:00');
    expect((await listMentions(alina)).unread).toBe(1);
    expect(await listMentions(nadia)).toEqual({ mentions: [], unread: 0 });
    expect(await listMentions(dasha)).toEqual({ mentions: [], unread: 0 });
  });

  it('marks a mention read for the member who marks it only', async () => {
    const place = { caseId, seq: firstSeq };
    // Timur's marking does not touch Alina's mention of the same note.
    expect(await markMentionsRead(timur, [place])).toEqual({ marked: 1, unread: 0 });
    expect(await markMentionsRead(timur, [place])).toEqual({ marked: 0, unread: 0 });
    expect((await listMentions(timur, { unreadOnly: true })).mentions).toEqual([]);
    expect((await listMentions(timur)).mentions[0]?.readAt).toBe(corridor.clock().toISOString());
    expect((await listMentions(alina)).unread).toBe(1);
    // A mention that is not one's own, or does not exist, is left alone.
    expect(await markMentionsRead(nadia, [place, { caseId, seq: 999 }])).toEqual({
      marked: 0,
      unread: 0,
    });
    expect((await listMentions(alina)).unread).toBe(1);
  });

  it('refuses a mention of someone who cannot read the note, and writes nothing', async () => {
    const before = await version();
    const view = await open(nadia);
    // Outside the case entirely, or in the case without its notes (Documentation holds
    // testimony only): either would learn of a note they cannot open.
    for (const who of [outsider, dasha, admin]) {
      expect(await refusal(addNote(nadia, view, 'x', { mentions: ids(timur, who) }))).toBe(
        'mention_not_allowed',
      );
    }
    // An id that is no account at all.
    expect(await refusal(addNote(nadia, view, 'x', { mentions: ['AAAAAAAAAAAAAAAAAAAAAA'] }))).toBe(
      'mention_not_allowed',
    );
    // Malformed, too many, empty, twice the same: the request is not valid.
    expect(await refusal(addNote(nadia, view, 'x', { mentions: ['not an id'] }))).toBe(
      'invalid_request',
    );
    const many = Array.from(
      { length: 21 },
      (_, i) => `${'A'.repeat(20)}${String(i).padStart(2, '0')}`,
    );
    expect(await refusal(addNote(nadia, view, 'x', { mentions: many }))).toBe('invalid_request');
    expect(
      await refusal(send(nadia, view, { ...noteEvent(nadia, view, ids(timur)), mentions: [] })),
    ).toBe('invalid_request');
    expect(await refusal(send(nadia, view, noteEvent(nadia, view, ids(timur, timur))))).toBe(
      'invalid_request',
    );
    // Only notes mention.
    expect(
      await refusal(send(nadia, view, noteEvent(nadia, view, ids(timur), 'compartment.updated'))),
    ).toBe('invalid_request');

    expect(await version()).toBe(before);
    const rows = await corridor.server.storage.db
      .selectFrom('case_mention')
      .select('account_id')
      .where('case_id', '=', caseId)
      .execute();
    expect(rows.map((r) => r.account_id).sort()).toEqual(ids(timur, alina).sort());
    expect((await listMentions(dasha)).mentions).toEqual([]);
    expect((await listMentions(outsider)).mentions).toEqual([]);
  });

  it('refuses a mention list other than the one the author signed', async () => {
    const view = await open(nadia);
    const signed = noteEvent(nadia, view, ids(timur));
    const before = await version();
    const { mentions: _dropped, ...withoutMentions } = signed;
    for (const tampered of [
      { ...signed, mentions: ids(timur, alina) },
      { ...signed, mentions: ids(alina) },
      withoutMentions,
    ]) {
      expect(await refusal(send(nadia, view, tampered))).toBe('invalid_request');
    }
    // Nor can a signed list be added to an event signed without one.
    const plain = writeEvent(
      nadia,
      caseId,
      view.timeline.head,
      'general',
      currentKey(view.keys, 'general'),
      'note.added',
      { text: 'x' },
    ).event;
    expect(await refusal(send(nadia, view, { ...plain, mentions: ids(timur) }))).toBe(
      'invalid_request',
    );
    expect(await version()).toBe(before);
  });

  it('shows a warning when the server changes a stored mention list', async () => {
    const db = corridor.server.storage.db;
    const where = { case_id: caseId, seq: firstSeq };
    const original = await db
      .selectFrom('case_event')
      .select('mentions')
      .where('case_id', '=', where.case_id)
      .where('seq', '=', where.seq)
      .executeTakeFirstOrThrow();
    for (const forged of [JSON.stringify(ids(timur)), null]) {
      await db
        .updateTable('case_event')
        .set({ mentions: forged })
        .where('case_id', '=', where.case_id)
        .where('seq', '=', where.seq)
        .execute();
      expect((await open(timur)).timeline.problems).toContainEqual({
        seq: firstSeq,
        problem: 'bad_signature',
      });
    }
    await db
      .updateTable('case_event')
      .set({ mentions: original.mentions })
      .where('case_id', '=', where.case_id)
      .where('seq', '=', where.seq)
      .execute();
    expect((await open(timur)).timeline.problems).toEqual([]);
  });

  it('stops listing the mentions of a note the member can no longer read', async () => {
    // Naming oneself is signed as written, but tells nobody anything.
    await addNote(nadia, await open(nadia), notes.second, { mentions: ids(alina, nadia) });
    expect((await open(nadia)).notes.at(-1)?.mentions).toEqual(ids(alina, nadia));
    expect((await listMentions(alina)).unread).toBe(2);
    expect((await listMentions(nadia)).unread).toBe(0);
    // The shelter keeps the location but loses the notes: Alina still reads the case.
    await unlock(nadia.api, 'password of nadia');
    await revokeCaseAccess(nadia, await open(nadia), 'general', teams.shelter, directory);
    expect(await listMentions(alina)).toEqual({ mentions: [], unread: 0 });
    expect(await markMentionsRead(alina, [{ caseId, seq: firstSeq }])).toEqual({
      marked: 0,
      unread: 0,
    });
    expect((await open(alina)).summary.compartments).toEqual(['location']);
    // And she cannot be mentioned any more.
    expect(
      await refusal(addNote(nadia, await open(nadia), notes.afterRevoke, { mentions: ids(alina) })),
    ).toBe('mention_not_allowed');
    expect((await mentionableMembers(nadia, caseId)).map((m) => m.handle)).toEqual(['timur']);
  });

  it('answers every mention endpoint as the authorisation matrix says', async () => {
    const who: Record<string, ApiClient> = {
      anonymous: corridor.api,
      administrator: admin.api,
      'other team': outsider.api,
      'documentation (testimony only)': dasha.api,
      'case team': timur.api,
    };
    const place = { caseId, seq: firstSeq };
    const calls: Record<string, (api: ApiClient) => Promise<unknown>> = {
      listMentions: (api) => api.call(listMentionsRoute, { query: {} }),
      markMentionsRead: (api) => api.call(markMentionsReadRoute, { body: { mentions: [place] } }),
      listCaseMembers: (api) => api.call(listCaseMembersRoute, { params: { caseId } }),
    };
    const actual: Record<string, Record<string, string>> = {};
    for (const [name, call] of Object.entries(calls)) {
      const row: Record<string, string> = {};
      for (const [role, api] of Object.entries(who)) row[role] = await refusal(call(api));
      actual[name] = row;
    }
    const everyone = {
      anonymous: 'unauthenticated',
      administrator: 'no error',
      'other team': 'no error',
      'documentation (testimony only)': 'no error',
      'case team': 'no error',
    };
    expect(actual).toEqual({
      // Each member sees and marks only their own.
      listMentions: everyone,
      markMentionsRead: everyone,
      listCaseMembers: {
        anonymous: 'unauthenticated',
        administrator: 'not_found',
        'other team': 'not_found',
        'documentation (testimony only)': 'no error',
        'case team': 'no error',
      },
    });
    expect((await admin.api.call(listMentionsRoute, { query: {} })).mentions).toEqual([]);
    expect((await outsider.api.call(listMentionsRoute, { query: {} })).mentions).toEqual([]);
  });

  it('stops listing mentions of a case to a member who left its team', async () => {
    await addNote(nadia, await open(nadia), 'Timur: one more', { mentions: ids(timur) });
    expect((await listMentions(timur)).unread).toBe(1);
    const hotline = (await nadia.api.call(listTeamsRoute)).teams.find(
      (t) => t.id === teams.hotline,
    );
    if (!hotline) throw new Error('no hotline team');
    await unlock(nadia.api, 'password of nadia');
    await removeTeamMember(nadia, hotline, timur.account.id);
    expect(await listMentions(timur)).toEqual({ mentions: [], unread: 0 });
    expect(await refusal(timur.api.call(getCaseRoute, { params: { caseId } }))).toBe('not_found');
  });

  it('keeps an audit trail of mentions, without content', async () => {
    const rows = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['account_id', 'action', 'case_id', 'detail'])
      .where('action', 'in', ['case.mention', 'mention.read', 'case.members', 'case.refused'])
      .execute();
    const mentioned = rows.filter((r) => r.action === 'case.mention');
    expect(mentioned.map((r) => [r.account_id, r.case_id, r.detail]).sort()).toEqual(
      [
        [nadia.account.id, caseId, ids(timur, alina).join(' ')],
        [nadia.account.id, caseId, ids(alina, nadia).join(' ')],
        [nadia.account.id, caseId, ids(timur).join(' ')],
      ].sort(),
    );
    expect(rows.filter((r) => r.action === 'mention.read')).toEqual([
      { account_id: timur.account.id, action: 'mention.read', case_id: caseId, detail: null },
    ]);
    expect(rows.some((r) => r.action === 'case.members' && r.account_id === nadia.account.id)).toBe(
      true,
    );
    expect(rows).toContainEqual({
      account_id: outsider.account.id,
      action: 'case.refused',
      case_id: caseId,
      detail: 'case.members',
    });
    expect(JSON.stringify(rows)).not.toMatch(/18:00|Kazan/);
  });

  it('leaves no note text in what a seizure gives up', async () => {
    if (kind === 'sqlite') {
      expect((await searchSeizedData(corridor.database, Object.values(notes))).found).toEqual([]);
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(corridor.server.storage.db);
    }
    const { found, bytes } = await searchSeizedData(corridor.database, [
      ...Object.values(notes),
      ...corridor.secrets.filter((s) => s.length >= 8),
    ]);
    expect(bytes).toBeGreaterThan(10_000);
    expect(found).toEqual([]);
    // Whom a note mentioned is server knowledge, and is there to be found.
    expect((await searchSeizedData(corridor.database, [alina.account.id])).found).toEqual([
      alina.account.id,
    ]);
  });
});
