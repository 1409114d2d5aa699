// Safe-arrival check-ins through the client core against a whole server, on SQLite and
// PostgreSQL: the durable schedule, alarms raised by the sweep and escalated rung by rung,
// acknowledgement, late and duress check-ins, bad steps refused with nothing changed, who
// may read what, a restart, and what a seizure gives up.
import { appendCaseEventRoute, teamDirectoryRoute } from '@corridor/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { appendToCase, createCase, type DirectoryTeam, openCase } from '../cases/cases.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { eventually, pause } from './checkins.test-support.ts';
import {
  acknowledgeAlarm,
  cancelCheckin,
  caseCheckins,
  type LadderStep,
  listAlarms,
  loadCheckinStates,
  recordCheckin,
  scheduleCheckin,
} from './checkins.ts';

describe.each(databaseKinds)('check-ins on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let nadia: MemberSession; // first contact
  let timur: MemberSession; // backup
  let dara: MemberSession; // emergency duty team
  let alina: MemberSession; // shelter: location, not general
  let outsider: MemberSession;
  let directory: DirectoryTeam[];
  let hotline: string;
  let duty: string;
  let shelter: string;
  let ladder: LadderStep[];
  const secrets = ['Leg two: Nazran bus station to the flat on Ulitsa Mira', 'otter', 'heron'];

  const open = async (member: MemberSession, caseId: string) =>
    openCase(member, await loadTeamKeyring(member), caseId);
  const newCase = (title: string) =>
    createCase(nadia, directory, {
      title,
      riskLevel: 4,
      share: { general: [hotline], situation: [hotline], location: [hotline, shelter] },
    });
  const inMinutes = (minutes: number) =>
    new Date(corridor.clock().getTime() + minutes * 60_000).toISOString();
  const schedule = async (caseId: string, dueMinutes: number, extra: object = {}) =>
    (
      await scheduleCheckin(nadia, await open(nadia, caseId), {
        ref: null,
        note: '',
        purpose: 'arrival',
        dueAt: inMinutes(dueMinutes),
        graceMinutes: 5,
        ladder,
        conversationId: null,
        words: null,
        ...extra,
      })
    ).id;
  const alarmsOf = async (member: MemberSession, checkinId: string) =>
    (await listAlarms(member)).alarms.filter((a) => a.checkinId === checkinId);
  const db = () => corridor.server.storage.db;

  beforeAll(async () => {
    corridor = await startTestCorridor(kind, { alarmSweepIntervalMs: 50 });
    admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['case_coordinator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    dara = await corridor.member('dara', ['case_coordinator']);
    alina = await corridor.member('alina', ['shelter_coordinator']);
    outsider = await corridor.member('outsider', ['hotline_operator']);
    hotline = await corridor.team(admin, 'Hotline', nadia, timur);
    duty = await corridor.team(admin, 'Duty', dara);
    shelter = await corridor.team(admin, 'Shelters', alina);
    await corridor.team(admin, 'Elsewhere', outsider);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    ladder = [
      { afterMinutes: 0, accountIds: [nadia.account.id], teamIds: [] },
      { afterMinutes: 30, accountIds: [timur.account.id], teamIds: [] },
      { afterMinutes: 60, accountIds: [], teamIds: [duty] },
    ];
  });
  afterAll(() => corridor?.stop());

  it('raises a missed check-in at rung 0 and escalates rung by rung as the clock moves', async () => {
    const caseId = await newCase('Missed arrival');
    const id = await schedule(caseId, 10, { ref: 'leg-2', note: secrets[0] });
    const [signed] = caseCheckins(await open(timur, caseId));
    expect(signed).toMatchObject({ id, ref: 'leg-2', note: secrets[0], status: 'scheduled' });
    expect(signed?.ladder).toEqual(ladder);

    corridor.tick(14 * 60); // due, but within grace
    await pause(200);
    expect(await alarmsOf(nadia, id)).toEqual([]);
    corridor.tick(2 * 60);
    const [raised] = await eventually(
      () => alarmsOf(nadia, id),
      (a) => a.length === 1,
    );
    expect(raised).toMatchObject({ caseId, kind: 'missed_arrival', rung: 0, silent: false });
    expect(raised?.acknowledgedAt).toBeNull();
    expect(await alarmsOf(timur, id)).toEqual([]);

    corridor.tick(30 * 60);
    await eventually(
      () => alarmsOf(timur, id),
      (a) => a[0]?.rung === 1,
    );
    expect(await alarmsOf(dara, id)).toEqual([]);
    corridor.tick(30 * 60);
    await eventually(
      () => alarmsOf(dara, id),
      (a) => a[0]?.rung === 2,
    );
    const [state] = await loadCheckinStates(timur, caseId);
    expect(state).toMatchObject({ id, status: 'missed', alarm: { rung: 2 } });

    const alerts = await db()
      .selectFrom('checkin_alert')
      .selectAll()
      .where('checkin_id', '=', id)
      .execute();
    expect(alerts.map((a) => [a.rung, a.account_id]).sort()).toEqual(
      [
        [0, nadia.account.id],
        [1, timur.account.id],
        [2, dara.account.id],
      ].sort(),
    );
    const fired = await db()
      .selectFrom('audit_entry')
      .select('detail')
      .where('action', '=', 'checkin.alarm')
      .where('detail', 'like', `${id}%`)
      .execute();
    expect(fired.map((f) => f.detail).sort()).toEqual([
      `${id} missed_arrival rung 0`,
      `${id} missed_arrival rung 1`,
      `${id} missed_arrival rung 2`,
    ]);
  });

  it('stops escalating once someone acknowledges; only an alerted member may', async () => {
    const caseId = await newCase('Acknowledged');
    const id = await schedule(caseId, 5);
    corridor.tick(11 * 60);
    const [alarm] = await eventually(
      () => alarmsOf(nadia, id),
      (a) => a.length === 1,
    );
    if (!alarm) throw new Error('no alarm');
    expect(await refusal(acknowledgeAlarm(outsider, alarm.id))).toBe('not_found');
    expect(await refusal(acknowledgeAlarm(timur, alarm.id))).toBe('not_found');
    expect(await refusal(acknowledgeAlarm(admin, alarm.id))).toBe('not_found');
    const { acknowledgedAt } = await acknowledgeAlarm(nadia, alarm.id);
    expect((await acknowledgeAlarm(nadia, alarm.id)).acknowledgedAt).toBe(acknowledgedAt);
    corridor.tick(3 * 60 * 60);
    await pause(300);
    expect(await alarmsOf(timur, id)).toEqual([]);
    expect(await alarmsOf(dara, id)).toEqual([]);
    const [mine] = await alarmsOf(nadia, id);
    expect(mine).toMatchObject({ rung: 0, acknowledgedAt, acknowledgedBy: nadia.account.id });
    expect(await alarmsOf(outsider, id)).toEqual([]);
  });

  it('records a safe check-in on time, or late (resolving the alarm)', async () => {
    const caseId = await newCase('Safe arrivals');
    const onTime = await schedule(caseId, 30);
    const late = await schedule(caseId, 10);
    corridor.tick(20 * 60);
    await eventually(
      () => alarmsOf(nadia, late),
      (a) => a.length === 1,
    );
    await recordCheckin(nadia, await open(nadia, caseId), onTime, 'safe');
    await recordCheckin(nadia, await open(nadia, caseId), late, 'safe', 'called from the flat');
    const states = await loadCheckinStates(nadia, caseId);
    expect(states.find((s) => s.id === onTime)).toMatchObject({ status: 'on_time', alarm: null });
    const lateState = states.find((s) => s.id === late);
    expect(lateState?.status).toBe('late');
    expect(lateState?.alarm?.resolvedAt).not.toBeNull();
    expect(await alarmsOf(nadia, late)).toEqual([]);
    const signed = caseCheckins(await open(nadia, caseId));
    expect(signed.map((c) => c.status)).toEqual(['safe', 'safe']);
    // Finished: a second step is refused, and nothing changes.
    const view = await open(nadia, caseId);
    expect(await refusal(recordCheckin(nadia, view, late, 'duress'))).toBe('checkin_closed');
    expect(await refusal(cancelCheckin(nadia, view, onTime))).toBe('checkin_closed');
    expect((await open(nadia, caseId)).timeline.head.version).toBe(view.timeline.head.version);
  });

  it('raises a silent duress alarm at once when a member records duress', async () => {
    const caseId = await newCase('Duress');
    const id = await schedule(caseId, 60);
    await recordCheckin(nadia, await open(nadia, caseId), id, 'duress');
    const [alarm] = await alarmsOf(nadia, id);
    expect(alarm).toMatchObject({ kind: 'duress', silent: true, rung: 0 });
    expect((await loadCheckinStates(nadia, caseId))[0]?.status).toBe('duress');
    corridor.tick(31 * 60);
    await eventually(
      () => alarmsOf(timur, id),
      (a) => a[0]?.kind === 'duress',
    );
  });

  it('raises lost contact for a missed follow-up, and cancels what is no longer needed', async () => {
    const caseId = await newCase('Follow-up');
    const followUp = await schedule(caseId, 5, { purpose: 'follow_up' });
    const cancelled = await schedule(caseId, 5);
    await cancelCheckin(nadia, await open(nadia, caseId), cancelled);
    corridor.tick(11 * 60);
    await eventually(
      () => alarmsOf(nadia, followUp),
      (a) => a[0]?.kind === 'lost_contact',
    );
    await pause(200);
    expect(await alarmsOf(nadia, cancelled)).toEqual([]);
    const states = await loadCheckinStates(nadia, caseId);
    expect(states.find((s) => s.id === cancelled)?.status).toBe('cancelled');
    // A missed (alarmed) check-in may be cancelled too: its alarm is resolved.
    await cancelCheckin(nadia, await open(nadia, caseId), followUp);
    expect(await alarmsOf(nadia, followUp)).toEqual([]);
  });

  it('refuses bad steps, and a refused step changes nothing', async () => {
    const caseId = await newCase('Bad input');
    const view = await open(nadia, caseId);
    const before = view.timeline.head.version;
    const base = {
      ref: null,
      note: '',
      purpose: 'arrival' as const,
      dueAt: inMinutes(60),
      graceMinutes: 5,
      conversationId: null,
      words: null,
    };
    const outOfOrder = [
      { afterMinutes: 30, accountIds: [nadia.account.id], teamIds: [] },
      { afterMinutes: 10, accountIds: [timur.account.id], teamIds: [] },
    ];
    expect(await refusal(scheduleCheckin(nadia, view, { ...base, ladder: outOfOrder }))).toBe(
      'invalid_request',
    );
    const unknown = [{ afterMinutes: 0, accountIds: ['A'.repeat(22)], teamIds: [] }];
    expect(await refusal(scheduleCheckin(nadia, view, { ...base, ladder: unknown }))).toBe(
      'invalid_request',
    );
    const noTeam = [{ afterMinutes: 0, accountIds: [], teamIds: ['no-such-team'] }];
    expect(await refusal(scheduleCheckin(nadia, view, { ...base, ladder: noTeam }))).toBe(
      'invalid_request',
    );
    // A conversation that is not linked to this case.
    expect(
      await refusal(scheduleCheckin(nadia, view, { ...base, ladder, conversationId: 'nope' })),
    ).toBe('invalid_request');
    const operation = {
      op: 'checkin.schedule' as const,
      id: 'B'.repeat(22),
      purpose: 'arrival' as const,
      dueAt: inMinutes(60),
      graceMinutes: 5,
      ladder,
      conversationId: null,
      words: null,
    };
    // In a compartment other than location, or on a kind not made for it.
    expect(
      await refusal(
        appendToCase(nadia, view, 'general', 'checkin.scheduled', {}, null, undefined, {
          operation,
        }),
      ),
    ).toBe('invalid_request');
    expect(
      await refusal(
        appendToCase(nadia, view, 'location', 'note.added', {}, null, undefined, { operation }),
      ),
    ).toBe('invalid_request');
    // A step on a check-in this case does not have.
    expect(
      await refusal(
        appendToCase(nadia, view, 'location', 'checkin.recorded', {}, null, undefined, {
          operation: { op: 'checkin.record', id: 'C'.repeat(22), outcome: 'safe' },
        }),
      ),
    ).toBe('invalid_request');
    expect((await open(nadia, caseId)).timeline.head.version).toBe(before);
    expect(
      await db().selectFrom('checkin').select('id').where('case_id', '=', caseId).execute(),
    ).toEqual([]);
    // An id already used: conflict.
    await appendToCase(nadia, view, 'location', 'checkin.scheduled', {}, null, undefined, {
      operation,
    });
    const again = await open(nadia, caseId);
    expect(
      await refusal(
        appendToCase(nadia, again, 'location', 'checkin.scheduled', {}, null, undefined, {
          operation,
        }),
      ),
    ).toBe('conflict');
    // The raw route refuses an unbounded ladder outright too.
    expect(
      await refusal(
        nadia.api.call(appendCaseEventRoute, {
          params: { caseId },
          body: { expectedVersion: 1, event: {} as never },
        }),
      ),
    ).toBe('invalid_request');
  });

  it('shows a case’s check-in states only to holders of its location: 404 for others', async () => {
    const caseId = await newCase('Who reads');
    await schedule(caseId, 60);
    // The clock has moved hours in the tests above: idle sessions have ended.
    alina = await corridor.login('alina', 'password of alina');
    outsider = await corridor.login('outsider', 'password of outsider');
    admin = await corridor.login('admin', 'password of admin');
    expect(await loadCheckinStates(alina, caseId)).toHaveLength(1);
    expect(await refusal(loadCheckinStates(outsider, caseId))).toBe('not_found');
    expect(await refusal(loadCheckinStates(admin, caseId))).toBe('not_found');
    expect(await refusal(loadCheckinStates(nadia, 'D'.repeat(22)))).toBe('not_found');
    const refused = await db()
      .selectFrom('audit_entry')
      .select('account_id')
      .where('action', '=', 'case.refused')
      .where('case_id', '=', caseId)
      .where('detail', '=', 'checkin.read')
      .execute();
    expect(refused.map((r) => r.account_id).sort()).toEqual(
      [admin.account.id, outsider.account.id].sort(),
    );
    // Reads are on record too: the states read, the alarms listed, an acknowledgement.
    const reads = await db()
      .selectFrom('audit_entry')
      .select(['action', 'account_id'])
      .where('action', 'in', ['checkin.read', 'alarm.list', 'alarm.acknowledge'])
      .execute();
    expect(reads).toContainEqual({ action: 'checkin.read', account_id: alina.account.id });
    expect(reads).toContainEqual({ action: 'alarm.list', account_id: nadia.account.id });
    expect(reads).toContainEqual({ action: 'alarm.acknowledge', account_id: nadia.account.id });
  });

  it('fires an alarm on time after a restart that spanned the deadline', async () => {
    const caseId = await newCase('Restart');
    const id = await schedule(caseId, 5);
    await corridor.restart(() => corridor.tick(45 * 60));
    const [alarm] = await eventually(
      () => alarmsOf(nadia, id),
      (a) => a.length === 1,
    );
    // Raised at the deadline, so the backup's rung (30 min after) has come too.
    expect(alarm?.raisedAt).toBe(
      new Date(Date.parse(alarm?.dueAt ?? '') + 5 * 60_000).toISOString(),
    );
    await eventually(
      () => alarmsOf(timur, id),
      (a) => a[0]?.rung === 1,
    );
  });

  it('leaves no note, leg or word in what a seizure gives up', async () => {
    const caseId = await newCase('Seizure');
    const conversationFree = await schedule(caseId, 60, {
      note: `${secrets[0]} (again)`,
      ref: 'leg-seizure-ref-8841',
    });
    expect(conversationFree).toBeTruthy();
    if (kind === 'sqlite') {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db());
    }
    const { found, bytes } = await searchSeizedData(corridor.database, [
      ...secrets,
      'leg-seizure-ref-8841',
    ]);
    expect(bytes).toBeGreaterThan(10_000);
    expect(found).toEqual([]);
  });
});
