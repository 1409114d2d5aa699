// Cases through the client core against a whole server, on SQLite and PostgreSQL:
// compartments held by some teams and not others, the signed chain, workflow rules,
// concurrent writes, granting and revoking, the authorisation matrix and the seizure test.
import { decryptRecord, fromBase64 } from '@corridor/crypto';
import {
  appendCaseEventRoute,
  getCaseBatchRoute,
  getCaseRoute,
  grantCaseAccessRoute,
  listCasesRoute,
  listReferrersRoute,
  listTeamsRoute,
  putReferrerRoute,
  revokeCaseAccessRoute,
  teamDirectoryRoute,
} from '@corridor/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { ApiClient } from '../api/api-client.ts';
import { type MemberSession, unlock } from '../auth/log-in.ts';
import { listReferrers, recordReferral, saveReferrer } from '../referrers/referrers.ts';
import { removeTeamMember } from '../teams/team-keys.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  type CompartmentKeys,
  loadTeamKeyring,
  newCompartmentKey,
  sealCompartmentKey,
} from './case-keys.ts';
import {
  addNote,
  addTask,
  type CaseView,
  changeWorkflow,
  completeTask,
  createCase,
  type DirectoryTeam,
  grantCaseAccess,
  openCase,
  rekeyTeamCases,
  revokeCaseAccess,
  updateCompartment,
} from './cases.ts';
import { proposeVerified, recordVerification } from './verification.ts';

// What the scenario writes: all of it must stay out of the server's hands.
const identity = { name: 'Ибрагим Мусаев', alias: 'Ibra', phone: '+7 928 555 01 77' };
const location = { address: 'ул. Лермонтова, 14, кв. 9, Грозный', safeHouse: 'Kazan flat 31' };
const situation = { threat: 'Родственники угрожают убийством чести' };
const testimony = {
  statement: 'Меня задержали 14 марта и держали в подвале на улице Окружной три дня.',
};
// Verification reasons and a referrer's name: as dangerous as the person's own.
const verificationReason = 'Звонил через Хаву из Аргуна, голос совпал';
const referrerName = 'Хава Аргунская, соседка';
const secrets = [
  verificationReason,
  referrerName,
  identity.name,
  identity.phone,
  location.address,
  location.safeHouse,
  situation.threat,
  testimony.statement,
  'Ibra — called from the bus station',
  'Buy a train ticket to Kazan',
];

describe.each(databaseKinds)('cases on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let nadia: MemberSession; // hotline operator
  let timur: MemberSession; // case coordinator, hotline team too
  let alina: MemberSession; // shelter coordinator
  let dasha: MemberSession; // documentation
  let outsider: MemberSession;
  let directory: DirectoryTeam[];
  let teams: Record<'hotline' | 'shelter' | 'documentation', string>;
  let caseId: string;

  const open = async (member: MemberSession) =>
    openCase(member, await loadTeamKeyring(member), caseId);

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
  });
  afterAll(() => corridor?.stop());

  it('opens a case whose compartments only the chosen teams can read, its chain checked', async () => {
    caseId = await createCase(nadia, directory, {
      title: 'Ibra — called from the bus station',
      riskLevel: 4,
      assigneeId: timur.account.id,
      share: {
        general: [teams.hotline, teams.shelter],
        identity: [teams.hotline],
        situation: [teams.hotline],
        location: [teams.hotline, teams.shelter],
        testimony: [teams.hotline],
      },
      details: { identity, situation, location, testimony },
    });
    const view = await open(timur);
    expect(view.timeline.problems).toEqual([]);
    expect(view.title).toBe('Ibra — called from the bus station');
    expect(view.compartments).toEqual({ identity, situation, location, testimony });
    expect(view.summary).toMatchObject({
      stage: 'new',
      riskLevel: 4,
      assigneeId: timur.account.id,
      version: 5,
    });
    expect(view.timeline.entries.map((e) => e.kind)).toEqual([
      'case.opened',
      'compartment.updated',
      'compartment.updated',
      'compartment.updated',
      'compartment.updated',
    ]);
  });

  it('lets the shelter coordinator read location but not testimony or identity', async () => {
    const view = await open(alina);
    expect(view.timeline.problems).toEqual([]);
    expect(view.compartments).toEqual({ location });
    expect(view.summary.compartments).toEqual(['general', 'location']);
    const detail = await alina.api.call(getCaseRoute, { params: { caseId } });
    const withheld = detail.events.filter((e) => e.payload === null).map((e) => e.compartment);
    expect(withheld.sort()).toEqual(['identity', 'situation', 'testimony']);
    expect(detail.keys.map((k) => k.compartment).sort()).toEqual(['general', 'location']);
  });

  it('moves the case only along allowed stages, closing with a reason', async () => {
    let view = await open(timur);
    expect(await refusal(changeWorkflow(timur, view, { stage: 'evacuation' }))).toBe(
      'invalid_request',
    );
    await changeWorkflow(timur, view, { stage: 'triage' }, 'Спокойный звонок, перезвонить');
    view = await open(timur);
    expect(view.summary.stage).toBe('triage');
    expect(await refusal(changeWorkflow(timur, view, { stage: 'closed' }))).toBe('invalid_request');
    // An assignee must be able to read the case.
    expect(await refusal(changeWorkflow(timur, view, { assigneeId: outsider.account.id }))).toBe(
      'invalid_request',
    );
    await changeWorkflow(timur, view, { stage: 'verification', riskLevel: 5 });
    view = await open(timur);
    expect(view.summary).toMatchObject({ stage: 'verification', riskLevel: 5 });
    expect(view.timeline.entries.at(-1)?.workflow).toEqual({ stage: 'verification', riskLevel: 5 });
    const list = (await timur.api.call(listCasesRoute, { query: { minRisk: 5 } })).cases;
    expect(list.map((c) => c.id)).toEqual([caseId]);
    expect((await timur.api.call(listCasesRoute, { query: { stage: 'new' } })).cases).toEqual([]);
  });

  it('records verification and a referrer, neither readable by the server', async () => {
    const team = directory.find((t) => t.id === teams.hotline) as DirectoryTeam;
    const referrer = await saveReferrer(nadia, team, {
      name: referrerName,
      kind: 'person',
      notes: '',
      referrals: [],
    });
    await recordVerification(nadia, await open(nadia), 'partially_verified', {
      methods: ['trusted_referrer', 'agreed_callback'],
      reason: verificationReason,
      referrer: { teamId: teams.hotline, referrerId: referrer.id },
    });
    await proposeVerified(timur, await open(timur), {
      methods: ['video_call'],
      reason: `${verificationReason}; видео подтвердило`,
    });
    const [listed] = await listReferrers(nadia, await loadTeamKeyring(nadia), teams.hotline);
    if (!listed) throw new Error('no referrer');
    await recordReferral(nadia, team, listed, { caseId, result: 'pending' });
    const view = await open(timur);
    expect(view.timeline.problems).toEqual([]);
    expect(view.summary.verification).toMatchObject({
      outcome: 'partially_verified',
      proposedBy: timur.account.id,
    });
  });

  it('refuses a stale write with the current version; reopened, it applies', async () => {
    const seenByNadia = await open(nadia);
    const seenByTimur = await open(timur);
    await addNote(timur, seenByTimur, 'Called back at 18:00');
    const stale = addNote(nadia, seenByNadia, 'Needs a doctor');
    const error = await stale.catch((e: unknown) => e as { code: string; currentVersion?: number });
    expect(error).toMatchObject({
      code: 'conflict',
      currentVersion: seenByTimur.summary.version + 1,
    });
    await addNote(nadia, await open(nadia), 'Needs a doctor');
    const view = await open(timur);
    expect(view.notes.map((n) => n.text)).toEqual(['Called back at 18:00', 'Needs a doctor']);
    expect(view.timeline.problems).toEqual([]);
  });

  it('keeps tasks whose due time the server sees and whose text it does not; lists the overdue', async () => {
    const inAnHour = new Date(corridor.clock().getTime() + 3600_000).toISOString();
    await addTask(timur, await open(timur), {
      text: 'Buy a train ticket to Kazan',
      dueAt: inAnHour,
      assigneeId: timur.account.id,
    });
    let view = await open(timur);
    expect(view.timeline.problems).toEqual([]);
    expect(view.tasks).toMatchObject([
      { text: 'Buy a train ticket to Kazan', assigneeId: timur.account.id, doneAt: null },
    ]);
    expect(view.summary).toMatchObject({ openTasks: 1, nextDueAt: inAnHour });
    const overdue = async () =>
      (await timur.api.call(listCasesRoute, { query: { overdue: 'true' } })).cases.map((c) => c.id);
    expect(await overdue()).toEqual([]);
    corridor.tick(2 * 3600);
    expect(await overdue()).toEqual([caseId]);
    // Someone who cannot read the case cannot be given its task.
    expect(
      await refusal(
        addTask(timur, view, { text: 'x', dueAt: inAnHour, assigneeId: outsider.account.id }),
      ),
    ).toBe('invalid_request');
    const taskId = view.tasks[0]?.id ?? '';
    await completeTask(timur, view, taskId);
    expect(await refusal(completeTask(timur, await open(timur), taskId))).toBe('invalid_request');
    view = await open(timur);
    expect(view.tasks[0]?.doneBy).toBe(timur.account.id);
    expect(view.summary).toMatchObject({ openTasks: 0, nextDueAt: null });
    expect(await overdue()).toEqual([]);
  });

  it('refuses events that are unsigned, out of chain, in a compartment not held, or malformed', async () => {
    const view = await open(alina);
    const head = view.timeline.head;
    const call = (event: Record<string, unknown>, expectedVersion = head.version) =>
      alina.api.call(appendCaseEventRoute, {
        params: { caseId },
        body: { expectedVersion, event: event as never },
      });
    const base = {
      seq: head.version + 1,
      compartment: 'general',
      keyVersion: 1,
      kind: 'note.added',
      payload: 'AAAA',
      prevHash: head.hash,
      signature: 'A'.repeat(86),
      workflow: null,
    };
    expect(await refusal(call(base))).toBe('invalid_request'); // bad signature
    expect(await refusal(call({ ...base, prevHash: 'B'.repeat(43) }))).toBe('invalid_request');
    expect(await refusal(call({ ...base, compartment: 'testimony' }))).toBe('forbidden');
    // Documentation only ever in `testimony`: elsewhere every team on the case would read it.
    for (const kind of [
      'testimony.recorded',
      'violation.coded',
      'evidence.recorded',
      'evidence.custody',
    ]) {
      expect(await refusal(call({ ...base, kind })), kind).toBe('wrong_compartment');
      expect(await refusal(call({ ...base, kind, compartment: 'testimony' })), kind).toBe(
        'forbidden',
      );
    }
    expect(await refusal(call({ ...base, kind: 'case.burned' }))).toBe('invalid_request');
    expect(await refusal(call({ ...base, payload: 'A'.repeat(100_000) }))).toBe('invalid_request');
    expect(await refusal(call(base, 1))).toBe('conflict');
    // Nothing was written.
    expect((await open(alina)).summary.version).toBe(head.version);
  });

  it('shows a warning when the server shows another stage than the signed history', async () => {
    const db = corridor.server.storage.db;
    const { stage } = await db
      .selectFrom('case_file')
      .select('stage')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    await db.updateTable('case_file').set({ stage: 'closed' }).where('id', '=', caseId).execute();
    expect((await open(timur)).timeline.problems).toContainEqual({
      seq: expect.any(Number),
      problem: 'summary_mismatch',
    });
    await db.updateTable('case_file').set({ stage }).where('id', '=', caseId).execute();
    expect((await open(timur)).timeline.problems).toEqual([]);
  });

  it('does not use a compartment key no signed event brought in (one planted in the database)', async () => {
    const db = corridor.server.storage.db;
    const hotline = directory.find((t) => t.id === teams.hotline) as DirectoryTeam;
    const row = await db
      .selectFrom('case_access')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('compartment', '=', 'situation')
      .where('team_id', '=', teams.hotline)
      .executeTakeFirstOrThrow();
    const planted = newCompartmentKey();
    const version = row.key_version + 1;
    await db
      .insertInto('case_compartment_key')
      .values({
        case_id: caseId,
        compartment: 'situation',
        key_version: version,
        previous_key_wrapped: null,
        created_at: row.granted_at,
      })
      .execute();
    await db
      .updateTable('case_access')
      .set({
        key_version: version,
        sealed_key: sealCompartmentKey(hotline.boxPublicKey, planted, caseId, 'situation', version),
      })
      .where('case_id', '=', caseId)
      .where('compartment', '=', 'situation')
      .where('team_id', '=', teams.hotline)
      .execute();
    const view = await open(nadia);
    expect(view.timeline.problems).toContainEqual({ seq: 0, problem: 'key_uncommitted' });
    expect(view.keys.get('situation')?.has(version) ?? false).toBe(false);
    await db
      .updateTable('case_access')
      .set({ key_version: row.key_version, sealed_key: row.sealed_key })
      .where('case_id', '=', caseId)
      .where('compartment', '=', 'situation')
      .where('team_id', '=', teams.hotline)
      .execute();
    await db
      .deleteFrom('case_compartment_key')
      .where('case_id', '=', caseId)
      .where('key_version', '=', version)
      .where('compartment', '=', 'situation')
      .execute();
    expect((await open(nadia)).timeline.problems).toEqual([]);
  });

  it('notices a history cut short since this session last saw it', async () => {
    const db = corridor.server.storage.db;
    expect((await open(timur)).timeline.problems).toEqual([]);
    const before = await db
      .selectFrom('case_file')
      .select(['version', 'last_hash'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const last = await db
      .selectFrom('case_event')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('seq', '=', before.version)
      .executeTakeFirstOrThrow();
    const previous = await db
      .selectFrom('case_event')
      .select('prev_hash')
      .where('case_id', '=', caseId)
      .where('seq', '=', before.version)
      .executeTakeFirstOrThrow();
    // The server drops the newest event and presents the case as one version older.
    await db
      .deleteFrom('case_event')
      .where('case_id', '=', caseId)
      .where('seq', '=', before.version)
      .execute();
    await db
      .updateTable('case_file')
      .set({ version: before.version - 1, last_hash: previous.prev_hash })
      .where('id', '=', caseId)
      .execute();
    expect((await open(timur)).timeline.problems).toContainEqual({
      seq: before.version,
      problem: 'history_shortened',
    });
    await db.insertInto('case_event').values(last).execute();
    await db
      .updateTable('case_file')
      .set({ version: before.version, last_hash: before.last_hash })
      .where('id', '=', caseId)
      .execute();
    expect((await open(timur)).timeline.problems).toEqual([]);
  });

  it('lets only a coordinator, the opener or the assignee take a part from another team', async () => {
    await unlock(alina.api, 'password of alina');
    const view = await open(alina);
    expect(await refusal(revokeCaseAccess(alina, view, 'general', teams.hotline, directory))).toBe(
      'forbidden',
    );
    // Nobody leaves a part with no team at all: that would destroy it.
    await unlock(nadia.api, 'password of nadia');
    expect(
      await refusal(
        revokeCaseAccess(nadia, await open(nadia), 'identity', teams.hotline, directory),
      ),
    ).toBe('invalid_request');
    expect((await open(timur)).compartments.identity).toEqual(identity);
  });

  it('shows a warning when the server alters or drops an event', async () => {
    const db = corridor.server.storage.db;
    const original = await db
      .selectFrom('case_event')
      .select(['payload'])
      .where('case_id', '=', caseId)
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    const tampered = `${original.payload.slice(0, -2)}${original.payload.endsWith('AA') ? 'BA' : 'AA'}`;
    await db
      .updateTable('case_event')
      .set({ payload: tampered })
      .where('case_id', '=', caseId)
      .where('seq', '=', 2)
      .execute();
    const view = await open(timur);
    expect(view.timeline.problems).toContainEqual({ seq: 2, problem: 'payload_mismatch' });
    await db
      .updateTable('case_event')
      .set({ payload: original.payload })
      .where('case_id', '=', caseId)
      .where('seq', '=', 2)
      .execute();
    expect((await open(timur)).timeline.problems).toEqual([]);
  });

  it('grants testimony to documentation, then revokes it: nothing written after opens with the old keys', async () => {
    await unlock(nadia.api, 'password of nadia');
    const documentation = directory.find((t) => t.id === teams.documentation) as DirectoryTeam;
    await grantCaseAccess(nadia, await open(nadia), 'testimony', documentation);
    const dashaView = await open(dasha);
    expect(dashaView.compartments).toEqual({ testimony });
    const dashaKeys: CompartmentKeys = dashaView.keys;

    await revokeCaseAccess(nadia, await open(nadia), 'testimony', teams.documentation, directory);
    await updateCompartment(nadia, await open(nadia), 'testimony', {
      statement: `${testimony.statement} Позже: свидетель готов говорить.`,
    });
    expect(await refusal(dasha.api.call(getCaseRoute, { params: { caseId } }))).toBe('not_found');
    // Even with the ciphertext in hand, Dasha's testimony key does not open the new event.
    const detail = await nadia.api.call(getCaseRoute, { params: { caseId } });
    const latest = detail.events.at(-1);
    expect(latest?.keyVersion).toBe(2);
    const oldKey = dashaKeys.get('testimony')?.get(1);
    if (!latest?.payload || !oldKey) throw new Error('missing');
    expect(() =>
      decryptRecord(oldKey, fromBase64(latest.payload ?? ''), {
        caseId,
        kind: `event/testimony/${latest.seq}`,
      }),
    ).toThrow();
    // The hotline still reads all of it, old events through the key chain.
    const view: CaseView = await open(timur);
    expect(view.timeline.problems).toEqual([]);
    expect(view.compartments.testimony?.statement).toContain('свидетель готов');
    expect(view.timeline.entries.filter((e) => e.content === null)).toEqual([]);
  });

  it('answers every case endpoint as the authorisation matrix says', async () => {
    // Each has just proved the password, so the answers show authorisation, not staleness.
    for (const member of [admin, outsider, alina, timur]) {
      await unlock(member.api, `password of ${member.account.handle}`);
    }
    const view = await open(timur);
    const who: Record<string, ApiClient> = {
      anonymous: corridor.api,
      administrator: admin.api,
      'other team': outsider.api,
      'shelter coordinator': alina.api,
      'case team': timur.api,
    };
    const event = {
      seq: view.timeline.head.version + 1,
      compartment: 'general' as const,
      keyVersion: 1,
      kind: 'note.added' as const,
      payload: 'AAAA',
      prevHash: view.timeline.head.hash,
      signature: 'A'.repeat(86),
      workflow: null,
    };
    const grant = {
      compartment: 'testimony' as const,
      keyVersion: 2,
      teamId: teams.documentation,
      teamKeyVersion: 1,
      sealedKey: 'AAAA',
    };
    const referrerBody = {
      expectedVersion: 0,
      teamKeyVersion: 1,
      sealedKey: 'AAAA',
      payload: 'AAAA',
      signature: 'A'.repeat(86),
    };
    const cases: Record<string, (api: ApiClient) => Promise<unknown>> = {
      getCase: (api) => api.call(getCaseRoute, { params: { caseId } }),
      'listReferrers (hotline)': (api) =>
        api.call(listReferrersRoute, { params: { teamId: teams.hotline } }),
      'putReferrer (hotline, unsigned)': (api) =>
        api.call(putReferrerRoute, {
          params: { teamId: teams.hotline, referrerId: 'R'.repeat(22) },
          body: referrerBody,
        }),
      // Never `not_found`: a case the caller may not read is left out of the answer.
      getCaseBatch: async (api) => {
        const { cases } = await api.call(getCaseBatchRoute, { body: { ids: [caseId] } });
        if (cases.length === 0) throw Object.assign(new Error('empty'), { code: 'left out' });
        expect(cases.map((c) => c.summary.id)).toEqual([caseId]);
      },
      'appendCaseEvent (unsigned)': (api) =>
        api.call(appendCaseEventRoute, {
          params: { caseId },
          body: { expectedVersion: view.summary.version, event },
        }),
      'grantCaseAccess (testimony)': (api) =>
        api.call(grantCaseAccessRoute, {
          params: { caseId },
          body: { expectedVersion: view.summary.version, grant, event },
        }),
      'revokeCaseAccess (location from shelter)': (api) =>
        api.call(revokeCaseAccessRoute, {
          params: { caseId },
          body: {
            expectedVersion: view.summary.version,
            compartment: 'location',
            teamId: teams.shelter,
            grants: [],
            previousKeyWrapped: 'AAAA',
            event,
          },
        }),
    };
    const actual: Record<string, Record<string, string>> = {};
    for (const [name, call] of Object.entries(cases)) {
      actual[name] = {};
      for (const [role, api] of Object.entries(who)) {
        (actual[name] as Record<string, string>)[role] = await refusal(call(api));
      }
    }
    expect(actual).toEqual({
      getCase: {
        anonymous: 'unauthenticated',
        administrator: 'not_found',
        'other team': 'not_found',
        'shelter coordinator': 'no error',
        'case team': 'no error',
      },
      // A team's registry is its members' alone, whatever cases they share.
      'listReferrers (hotline)': {
        anonymous: 'unauthenticated',
        administrator: 'not_found',
        'other team': 'not_found',
        'shelter coordinator': 'not_found',
        'case team': 'no error',
      },
      'putReferrer (hotline, unsigned)': {
        anonymous: 'unauthenticated',
        administrator: 'not_found',
        'other team': 'not_found',
        'shelter coordinator': 'not_found',
        'case team': 'invalid_request',
      },
      getCaseBatch: {
        anonymous: 'unauthenticated',
        administrator: 'left out',
        'other team': 'left out',
        'shelter coordinator': 'no error',
        'case team': 'no error',
      },
      'appendCaseEvent (unsigned)': {
        anonymous: 'unauthenticated',
        administrator: 'not_found',
        'other team': 'not_found',
        'shelter coordinator': 'invalid_request',
        'case team': 'invalid_request',
      },
      'grantCaseAccess (testimony)': {
        anonymous: 'unauthenticated',
        administrator: 'not_found',
        'other team': 'not_found',
        'shelter coordinator': 'forbidden',
        'case team': 'invalid_request',
      },
      'revokeCaseAccess (location from shelter)': {
        anonymous: 'unauthenticated',
        administrator: 'not_found',
        'other team': 'not_found',
        'shelter coordinator': 'invalid_request',
        'case team': 'invalid_request',
      },
    });
    // The list shows the case to its teams only.
    expect((await admin.api.call(listCasesRoute, { query: {} })).cases).toEqual([]);
    expect((await outsider.api.call(listCasesRoute, { query: {} })).cases).toEqual([]);
    expect((await alina.api.call(listCasesRoute, { query: {} })).cases).toHaveLength(1);
  });

  it('keeps an audit trail of who read, wrote and shared, without content', async () => {
    const rows = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['account_id', 'action', 'case_id'])
      .where('case_id', '=', caseId)
      .execute();
    const actions = new Set(rows.map((r) => r.action));
    expect([...actions].sort()).toEqual([
      'case.access',
      'case.create',
      'case.read',
      'case.refused',
      'case.write',
    ]);
    expect(rows.some((r) => r.account_id === alina.account.id && r.action === 'case.read')).toBe(
      true,
    );
    // Access changes say which part and which team, nothing else.
    const access = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select('detail')
      .where('case_id', '=', caseId)
      .where('action', '=', 'case.access')
      .execute();
    expect(access.map((a) => a.detail)).toEqual([
      `grant testimony ${teams.documentation}`,
      `revoke testimony ${teams.documentation}`,
    ]);
    // Every refusal is on record with what was asked for: the matrix's, and Dasha's read
    // after her team lost the case.
    const refused = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['account_id', 'detail'])
      .where('case_id', '=', caseId)
      .where('action', '=', 'case.refused')
      .execute();
    const refusedOf = (member: MemberSession) =>
      refused
        .filter((r) => r.account_id === member.account.id)
        .map((r) => r.detail)
        .sort();
    for (const member of [admin, outsider]) {
      expect(refusedOf(member)).toEqual([
        'case.access',
        'case.access',
        'case.read',
        'case.read',
        'case.write',
      ]);
    }
    expect(refusedOf(dasha)).toEqual(['case.read']);
    expect(refusedOf(timur)).toEqual([]);
    // Listing is on record too, without a case id.
    const listed = await corridor.server.storage.db
      .selectFrom('audit_entry')
      .select(['case_id', 'detail'])
      .where('account_id', '=', timur.account.id)
      .where('action', '=', 'case.list')
      .execute();
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((l) => l.case_id === null && l.detail === null)).toBe(true);
  });

  it('re-keys what a team holds when a member leaves it: the one who left opens nothing new', async () => {
    const timurBefore = await open(timur);
    const hotlineView = (await nadia.api.call(listTeamsRoute)).teams.find(
      (t) => t.id === teams.hotline,
    );
    if (!hotlineView) throw new Error('no hotline team');
    await unlock(nadia.api, 'password of nadia');
    await removeTeamMember(nadia, hotlineView, timur.account.id);
    const fresh = (await nadia.api.call(teamDirectoryRoute)).teams;
    const { rekeyed, left } = await rekeyTeamCases(
      nadia,
      await loadTeamKeyring(nadia),
      teams.hotline,
      fresh,
    );
    expect(left).toEqual([]);
    expect(rekeyed).toBe(5);
    await addNote(nadia, await open(nadia), 'Written after Timur left the hotline');
    const detail = await nadia.api.call(getCaseRoute, { params: { caseId } });
    const latest = detail.events.at(-1);
    const timursOldKey = timurBefore.keys.get('general')?.get(latest?.keyVersion ?? 0);
    expect(latest?.kind).toBe('note.added');
    expect(timursOldKey).toBeUndefined();
    for (const key of timurBefore.keys.get('general')?.values() ?? []) {
      expect(() =>
        decryptRecord(key, fromBase64(latest?.payload ?? ''), {
          caseId,
          kind: `event/general/${latest?.seq}`,
        }),
      ).toThrow();
    }
    const view = await open(nadia);
    expect(view.timeline.problems).toEqual([]);
    expect(view.notes.at(-1)?.text).toBe('Written after Timur left the hotline');
    expect(await refusal(timur.api.call(getCaseRoute, { params: { caseId } }))).toBe('not_found');
  });

  it('leaves no name, phone, address or testimony in what a seizure gives up', async () => {
    if (kind === 'sqlite') {
      // Before a checkpoint, recent pages sit in the -wal file: searched as they are.
      const { found } = await searchSeizedData(corridor.database, secrets);
      expect(found).toEqual([]);
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(corridor.server.storage.db);
    }
    const { found, bytes } = await searchSeizedData(corridor.database, [
      ...secrets,
      ...corridor.secrets.filter((s) => s.length >= 8),
    ]);
    expect(bytes).toBeGreaterThan(10_000);
    expect(found).toEqual([]);
    // The search does read the data: what the server may know is there to be found.
    expect((await searchSeizedData(corridor.database, ['Documentation'])).found).toEqual([
      'Documentation',
    ]);
  });
});
