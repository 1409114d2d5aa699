// Check-ins and alarms after review, through the client core against a whole server on
// SQLite and PostgreSQL: alarms reach only members who may handle them; a duress word on
// a missed check-in alerts the ladder again from its first rung; one broken row stops no
// other alarm; a finished leg takes no check-in; state reads check access before they
// sweep and sweep at most once a second; the caseload's check-in states for the dashboard.
import { teamDirectoryRoute } from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { createCase, type DirectoryTeam, openCase } from '../cases/cases.ts';
import { evacuationPlan, saveEvacuationPlan, setLegStatus } from '../evacuation/evacuation-plan.ts';
import { defaultChecklist } from '../evacuation/plan-schema.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { eventually, pause } from './checkins.test-support.ts';
import {
  acknowledgeAlarm,
  CheckinInputError,
  cancelCheckin,
  type LadderStep,
  listAlarms,
  loadCaseloadCheckinStates,
  loadCheckinStates,
  recordCheckin,
  scheduleCheckin,
} from './checkins.ts';

interface Cast {
  admin: MemberSession;
  nadia: MemberSession; // first contact, Hotline (holds location)
  timur: MemberSession; // backup, Hotline
  zara: MemberSession; // Field: holds location until it loses it
  dara: MemberSession; // Duty: named on a rung, holds nothing
  outsider: MemberSession; // Elsewhere: holds nothing, named on a rung by account
}

async function castOf(corridor: TestCorridor) {
  const admin = await corridor.member('admin', ['administrator']);
  const cast: Cast = {
    admin,
    nadia: await corridor.member('nadia', ['case_coordinator']),
    timur: await corridor.member('timur', ['case_coordinator']),
    zara: await corridor.member('zara', ['case_coordinator']),
    dara: await corridor.member('dara', ['case_coordinator']),
    outsider: await corridor.member('outsider', ['hotline_operator']),
  };
  const teams = {
    hotline: await corridor.team(admin, 'Hotline', cast.nadia, cast.timur),
    field: await corridor.team(admin, 'Field', cast.zara),
    duty: await corridor.team(admin, 'Duty', cast.dara),
    elsewhere: await corridor.team(admin, 'Elsewhere', cast.outsider),
  };
  const directory: DirectoryTeam[] = (await cast.nadia.api.call(teamDirectoryRoute)).teams;
  return { cast, teams, directory };
}

describe.each(databaseKinds)('check-in alarms after review on %s', (kind) => {
  let corridor: TestCorridor;
  let cast: Cast;
  let teams: Awaited<ReturnType<typeof castOf>>['teams'];
  let directory: DirectoryTeam[];

  const open = async (member: MemberSession, caseId: string) =>
    openCase(member, await loadTeamKeyring(member), caseId);
  const newCase = (title: string) =>
    createCase(cast.nadia, directory, {
      title,
      riskLevel: 4,
      share: {
        general: [teams.hotline],
        situation: [teams.hotline],
        location: [teams.hotline, teams.field],
      },
    });
  const inMinutes = (minutes: number) =>
    new Date(corridor.clock().getTime() + minutes * 60_000).toISOString();
  const schedule = async (caseId: string, ladder: LadderStep[], dueMinutes = 5) =>
    (
      await scheduleCheckin(cast.nadia, await open(cast.nadia, caseId), {
        ref: null,
        note: '',
        purpose: 'arrival',
        dueAt: inMinutes(dueMinutes),
        graceMinutes: 5,
        ladder,
        conversationId: null,
        words: null,
      })
    ).id;
  const alarmsOf = async (member: MemberSession, checkinId: string) =>
    (await listAlarms(member)).alarms.filter((a) => a.checkinId === checkinId);
  const alertsOf = async (checkinId: string) =>
    (
      await db()
        .selectFrom('checkin_alert')
        .select(['rung', 'account_id'])
        .where('checkin_id', '=', checkinId)
        .execute()
    )
      .map((a) => [Number(a.rung), a.account_id] as const)
      .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const db = () => corridor.server.storage.db;
  const basic = (): LadderStep[] => [
    { afterMinutes: 0, accountIds: [cast.nadia.account.id], teamIds: [] },
    { afterMinutes: 30, accountIds: [cast.timur.account.id], teamIds: [] },
  ];

  beforeAll(async () => {
    corridor = await startTestCorridor(kind, { alarmSweepIntervalMs: 50 });
    ({ cast, teams, directory } = await castOf(corridor));
  });
  afterAll(() => corridor?.stop());

  it('alerts only members holding the location or in a team the rung names; listing and acknowledging ask the same', async () => {
    const caseId = await newCase('Who is alerted');
    const id = await schedule(caseId, [
      {
        afterMinutes: 0,
        accountIds: [cast.nadia.account.id, cast.zara.account.id, cast.outsider.account.id],
        teamIds: [teams.duty],
      },
    ]);
    corridor.tick(11 * 60);
    await eventually(
      () => alarmsOf(cast.nadia, id),
      (a) => a.length === 1,
    );
    const me = (s: MemberSession) => s.account.id;
    expect(await alertsOf(id)).toEqual(
      [me(cast.nadia), me(cast.zara), me(cast.dara)].sort().map((a) => [0, a]),
    );
    const [alarm] = await alarmsOf(cast.zara, id);
    if (!alarm) throw new Error('no alarm for zara');
    expect(await alarmsOf(cast.outsider, id)).toEqual([]);
    expect(await refusal(acknowledgeAlarm(cast.outsider, alarm.id))).toBe('not_found');

    // Field loses the case's location: zara, alerted while it held it, no longer sees
    // the alarm nor may silence it.
    await db()
      .deleteFrom('case_access')
      .where('case_id', '=', caseId)
      .where('team_id', '=', teams.field)
      .execute();
    expect(await alarmsOf(cast.zara, id)).toEqual([]);
    expect(await refusal(acknowledgeAlarm(cast.zara, alarm.id))).toBe('not_found');
    // The duty team, named on the rung, holds nothing of the case and still may.
    expect(await alarmsOf(cast.dara, id)).toHaveLength(1);
    await acknowledgeAlarm(cast.dara, alarm.id);
    expect((await alarmsOf(cast.nadia, id))[0]?.acknowledgedBy).toBe(cast.dara.account.id);
  });

  it('alerts the first rung again on duress after an exhausted ladder, and climbs again once', async () => {
    const caseId = await newCase('Duress after missed');
    const id = await schedule(caseId, basic());
    corridor.tick(11 * 60);
    const [missed] = await eventually(
      () => alarmsOf(cast.nadia, id),
      (a) => a.length === 1,
    );
    corridor.tick(31 * 60);
    await eventually(
      () => alarmsOf(cast.timur, id),
      (a) => a[0]?.rung === 1,
    );
    if (!missed) throw new Error('no alarm');
    await acknowledgeAlarm(cast.nadia, missed.id);

    await recordCheckin(cast.nadia, await open(cast.nadia, caseId), id, 'duress');
    const [duress] = await alarmsOf(cast.nadia, id);
    expect(duress).toMatchObject({ kind: 'duress', silent: true, rung: 0, acknowledgedAt: null });
    expect(await alertsOf(id)).toEqual([
      [0, cast.nadia.account.id],
      [1, cast.timur.account.id],
      [100, cast.nadia.account.id],
    ]);
    corridor.tick(31 * 60);
    await eventually(
      () => alarmsOf(cast.timur, id),
      (a) => a[0]?.kind === 'duress' && a[0]?.rung === 1,
    );
    // Once: the check-in is closed, so no second duress restarts it.
    expect(
      await refusal(recordCheckin(cast.nadia, await open(cast.nadia, caseId), id, 'duress')),
    ).toBe('checkin_closed');
    await pause(200);
    expect(await alertsOf(id)).toEqual([
      [0, cast.nadia.account.id],
      [1, cast.timur.account.id],
      [100, cast.nadia.account.id],
      [101, cast.timur.account.id],
    ]);
    const fired = await db()
      .selectFrom('audit_entry')
      .select('detail')
      .where('action', '=', 'checkin.alarm')
      .where('detail', 'like', `${id}%`)
      .execute();
    expect(fired.map((f) => f.detail).sort()).toEqual([
      `${id} duress rung 0`,
      `${id} duress rung 1`,
      `${id} missed_arrival rung 0`,
      `${id} missed_arrival rung 1`,
    ]);
  });

  it('raises and escalates the other alarms when one row cannot be read', async () => {
    const caseId = await newCase('Poison');
    const poison = await schedule(caseId, basic());
    const healthy = await schedule(caseId, basic());
    await db()
      .updateTable('checkin')
      .set({ ladder: '{not json' })
      .where('id', '=', poison)
      .execute();
    corridor.tick(11 * 60);
    await eventually(
      () => alarmsOf(cast.nadia, healthy),
      (a) => a.length === 1,
    );
    const log = `${corridor.database.dataDir}/server.log`;
    const { readFile } = await import('node:fs/promises');
    await eventually(
      () => readFile(log, 'utf8'),
      (text) => text.includes('check-in alarm could not be raised'),
    );
    expect(
      (await db().selectFrom('checkin').select('status').where('id', '=', poison).execute())[0]
        ?.status,
    ).toBe('pending');
    // Its ladder readable again, it is raised by the next sweep; then broken again, it
    // cannot escalate, and the healthy one still does.
    await db()
      .updateTable('checkin')
      .set({ ladder: JSON.stringify(basic()) })
      .where('id', '=', poison)
      .execute();
    await eventually(
      () => alarmsOf(cast.nadia, poison),
      (a) => a.length === 1,
    );
    await db().updateTable('checkin').set({ ladder: '[' }).where('id', '=', poison).execute();
    corridor.tick(31 * 60);
    await eventually(
      () => alarmsOf(cast.timur, healthy),
      (a) => a[0]?.rung === 1,
    );
    await eventually(
      () => readFile(log, 'utf8'),
      (text) => text.includes('check-in alarm could not escalate'),
    );
    expect(await alarmsOf(cast.timur, poison)).toEqual([]);
    await cancelCheckin(cast.nadia, await open(cast.nadia, caseId), poison);
  });

  it('refuses a check-in for an arrived or cancelled leg', async () => {
    const caseId = await newCase('Finished leg');
    const leg = {
      from: 'Grozny',
      to: 'Nalchik',
      transport: 'Car',
      departureAt: inMinutes(60),
      arrivalAt: inMinutes(240),
      escortId: null,
      coverStory: '',
      documents: '',
      money: null,
      leavesCountry: false,
    };
    await saveEvacuationPlan(cast.nadia, await open(cast.nadia, caseId), {
      legs: [
        leg,
        {
          ...leg,
          from: 'Nalchik',
          to: 'Moscow',
          departureAt: inMinutes(300),
          arrivalAt: inMinutes(480),
        },
      ],
      checklist: defaultChecklist(),
    });
    // A leg's status time is the browser's clock; it reads the test server's one.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(corridor.clock());
      let view = await open(cast.nadia, caseId);
      const [first, second] = evacuationPlan(view).legs;
      if (!first || !second) throw new Error('no legs');
      await setLegStatus(cast.nadia, view, first.id, 'cancelled');
      view = await open(cast.nadia, caseId);
      const input = {
        note: '',
        purpose: 'arrival' as const,
        dueAt: inMinutes(240),
        graceMinutes: 30,
        ladder: basic(),
        conversationId: null,
        words: null,
      };
      const refused = await scheduleCheckin(cast.nadia, view, { ...input, ref: first.id }).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(CheckinInputError);
      expect((refused as CheckinInputError).code).toBe('leg_finished');
      expect((await open(cast.nadia, caseId)).timeline.head.version).toBe(
        view.timeline.head.version,
      );
      const { id } = await scheduleCheckin(cast.nadia, view, { ...input, ref: second.id });
      expect(id).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists the caseload’s open and recently closed check-ins to holders of their location', async () => {
    const caseId = await newCase('Caseload');
    const open1 = await schedule(caseId, basic(), 600);
    const closed = await schedule(caseId, basic(), 600);
    await recordCheckin(cast.nadia, await open(cast.nadia, caseId), closed, 'safe');
    const mine = await loadCaseloadCheckinStates(cast.timur);
    expect(mine.find((c) => c.id === open1)).toMatchObject({ caseId, status: 'pending' });
    expect(mine.find((c) => c.id === closed)).toMatchObject({ caseId, status: 'on_time' });
    expect(mine.map((c) => c.dueAt)).toEqual([...mine.map((c) => c.dueAt)].sort());
    for (const member of [cast.outsider, cast.dara, cast.admin]) {
      expect((await loadCaseloadCheckinStates(member)).filter((c) => c.caseId === caseId)).toEqual(
        [],
      );
    }
    const listed = await db()
      .selectFrom('audit_entry')
      .select(['account_id', 'case_id'])
      .where('action', '=', 'checkin.list')
      .execute();
    expect(listed).toContainEqual({ account_id: cast.timur.account.id, case_id: null });

    // A week on, the closed one has left the list; the open one stays.
    corridor.tick(8 * 24 * 60 * 60);
    // Reads sweep at most once a wall-clock second (tested below): let that second pass.
    await pause(1100);
    const timur = await corridor.login('timur', 'password of timur');
    const later = await loadCaseloadCheckinStates(timur);
    expect(later.some((c) => c.id === closed)).toBe(false);
    expect(later.find((c) => c.id === open1)?.status).toBe('missed');
  });
});

describe.each(databaseKinds)('check-in state reads on %s', (kind) => {
  let corridor: TestCorridor;
  let cast: Cast;
  let directory: DirectoryTeam[];
  let hotline: string;

  beforeAll(async () => {
    // The timer never sweeps here: only the reads do.
    corridor = await startTestCorridor(kind, { alarmSweepIntervalMs: 3_600_000 });
    let teams: Awaited<ReturnType<typeof castOf>>['teams'];
    ({ cast, teams, directory } = await castOf(corridor));
    hotline = teams.hotline;
  });
  afterAll(() => corridor?.stop());

  it('checks access before sweeping, and sweeps at most once a second', async () => {
    const caseId = await createCase(cast.nadia, directory, {
      title: 'Reads',
      riskLevel: 3,
      share: { general: [hotline], location: [hotline] },
    });
    const view = await openCase(cast.nadia, await loadTeamKeyring(cast.nadia), caseId);
    const dueAt = new Date(corridor.clock().getTime() + 5 * 60_000).toISOString();
    const input = {
      ref: null,
      note: '',
      purpose: 'arrival' as const,
      dueAt,
      graceMinutes: 5,
      ladder: [{ afterMinutes: 0, accountIds: [cast.nadia.account.id], teamIds: [] }],
      conversationId: null,
      words: null,
    };
    const first = (await scheduleCheckin(cast.nadia, view, input)).id;
    const view2 = await openCase(cast.nadia, await loadTeamKeyring(cast.nadia), caseId);
    const dueLater = new Date(corridor.clock().getTime() + 15 * 60_000).toISOString();
    const second = (await scheduleCheckin(cast.nadia, view2, { ...input, dueAt: dueLater })).id;
    const status = async (id: string) =>
      (
        await corridor.server.storage.db
          .selectFrom('checkin')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirst()
      )?.status;
    corridor.tick(11 * 60);
    // Refused before any sweep: the overdue check-in is untouched.
    expect(await refusal(loadCheckinStates(cast.outsider, caseId))).toBe('not_found');
    expect(await status(first)).toBe('pending');
    // A member who may read sweeps: it shows as missed now.
    const swept = await loadCheckinStates(cast.nadia, caseId);
    expect(swept.find((s) => s.id === first)?.status).toBe('missed');
    expect(swept.find((s) => s.id === second)?.status).toBe('pending');
    corridor.tick(10 * 60);
    // The second is overdue now, but within the second since the last sweep: none runs.
    await loadCheckinStates(cast.nadia, caseId);
    expect(await status(second)).toBe('pending');
    await pause(1100);
    const states = await loadCheckinStates(cast.nadia, caseId);
    expect(states.find((s) => s.id === second)?.status).toBe('missed');
  });
});
