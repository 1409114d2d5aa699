// The coordinators' dashboard: each case digested where it is decrypted (the unlock
// workers), then summed in the browser. Against a whole server on SQLite and PostgreSQL,
// a caseload with a plan, a check-in past its grace and a relocation comes out as the
// coordinator should see it; a member without `location` sees the stage and nothing of it.
import { teamDirectoryRoute } from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { createCase, type DirectoryTeam, openCase } from '../cases/cases.ts';
import { scheduleCheckin } from '../checkins/checkins.ts';
import { saveEvacuationPlan, setLegStatus } from '../evacuation/evacuation-plan.ts';
import { defaultChecklist } from '../evacuation/plan-schema.ts';
import { addExpense } from '../funds/expenses.ts';
import { saveRelocation } from '../relocation/relocation.ts';
import { startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { createCaseloadSync } from '../unlock/caseload-sync.ts';
import { createNodeUnlockWorkers } from '../unlock/node-workers.ts';
import { coordinatorDashboard, type DigestedCase } from './dashboard.ts';
import type { RescueDigest } from './rescue-digest.ts';

const quiet: RescueDigest = {
  stage: 'triage',
  riskLevel: 1,
  verification: 'unverified',
  evacuation: null,
  openCheckins: [],
  relocation: null,
  spending: { byCategory: [], byMonth: [] },
};

describe('coordinatorDashboard', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const digested = (caseId: string, rescue: Partial<RescueDigest>): DigestedCase => ({
    caseId,
    title: caseId,
    rescue: { ...quiet, ...rescue },
  });
  const travelling = {
    legs: 2,
    arrived: 0,
    current: {
      from: 'A',
      to: 'B',
      status: 'departed' as const,
      departureAt: '2026-11-25T08:00:00Z',
      arrivalAt: '2026-11-25T11:00:00Z',
    },
  };

  it('puts the overdue first, then the nearest check-in, then the highest risk', () => {
    const board = coordinatorDashboard(
      [
        digested('later', {
          stage: 'evacuation',
          riskLevel: 5,
          evacuation: travelling,
          openCheckins: [
            { id: 'c1', purpose: 'arrival', dueAt: '2026-11-25T18:00:00Z', graceMinutes: 30 },
          ],
        }),
        digested('none', { stage: 'evacuation', riskLevel: 5, evacuation: travelling }),
        // Due at 11:45 with 30 minutes' grace: not overdue until 12:15.
        digested('in-grace', {
          stage: 'evacuation',
          riskLevel: 1,
          evacuation: travelling,
          openCheckins: [
            { id: 'c2', purpose: 'arrival', dueAt: '2026-11-25T11:45:00Z', graceMinutes: 30 },
          ],
        }),
        digested('overdue', {
          stage: 'evacuation',
          riskLevel: 1,
          evacuation: travelling,
          openCheckins: [
            { id: 'c3', purpose: 'arrival', dueAt: '2026-11-25T11:00:00Z', graceMinutes: 30 },
          ],
        }),
        // Closed cases raise nothing, whatever was left open.
        digested('closed', {
          stage: 'closed',
          evacuation: travelling,
          openCheckins: [
            { id: 'c4', purpose: 'follow_up', dueAt: '2026-11-01T11:00:00Z', graceMinutes: 0 },
          ],
        }),
      ],
      now,
    );
    expect(board.evacuations.map((row) => row.caseId)).toEqual([
      'overdue',
      'in-grace',
      'later',
      'none',
    ]);
    expect(board.overdueCheckins).toEqual([
      {
        caseId: 'overdue',
        title: 'overdue',
        checkinId: 'c3',
        purpose: 'arrival',
        dueAt: '2026-11-25T11:00:00Z',
        overdueSince: '2026-11-25T11:30:00.000Z',
        duress: false,
      },
    ]);
    expect(board.byStage).toMatchObject({ evacuation: 4, closed: 1, triage: 0 });
    expect(board.total).toBe(5);
  });

  it('trusts the server on check-ins made by word: safe ones close, duress comes first', () => {
    const state = (id: string, status: 'on_time' | 'duress' | 'missed', caseId: string) => ({
      id,
      caseId,
      purpose: 'arrival' as const,
      dueAt: '2026-11-25T11:00:00Z',
      graceMinutes: 0,
      status,
      recordedAt: null,
      hasWords: false,
      alarm: null,
    });
    const open = (id: string, dueAt: string) => ({
      stage: 'evacuation' as const,
      evacuation: travelling,
      openCheckins: [{ id, purpose: 'arrival' as const, dueAt, graceMinutes: 0 }],
    });
    const board = coordinatorDashboard(
      [
        digested('missed', open('m', '2026-11-25T09:00:00Z')),
        digested('safe-by-word', open('s', '2026-11-25T10:00:00Z')),
        // Not due until tonight, but the evacuee used the duress word.
        digested('duress', open('d', '2026-11-25T20:00:00Z')),
      ],
      now,
      [
        state('m', 'missed', 'missed'),
        state('s', 'on_time', 'safe-by-word'),
        state('d', 'duress', 'duress'),
      ],
    );
    expect(board.overdueCheckins.map((row) => [row.caseId, row.duress])).toEqual([
      ['duress', true],
      ['missed', false],
    ]);
    expect(board.evacuations.map((row) => [row.caseId, row.nextCheckin?.overdue ?? null])).toEqual([
      ['duress', true],
      ['missed', true],
      ['safe-by-word', null],
    ]);
  });

  it('counts relocations by destination, those still under way apart', () => {
    const to = (country: string, status: 'planning' | 'arrived' | 'settled' | 'stalled') => ({
      country,
      city: 'x',
      route: 'asylum' as const,
      status,
    });
    const board = coordinatorDashboard(
      [
        digested('a', { relocation: to('DE', 'settled') }),
        digested('b', { relocation: to('DE', 'stalled') }),
        digested('c', { relocation: to('CA', 'planning') }),
        digested('d', { relocation: to('DE', 'arrived') }),
      ],
      now,
    );
    expect(board.destinations).toEqual([
      { country: 'DE', cases: 3, underway: 1 },
      { country: 'CA', cases: 1, underway: 1 },
    ]);
  });

  it('sums spending across cases per key and currency, never converting', () => {
    const row = (key: string, currency: string, spentMinor: number) => ({
      key,
      currency,
      spentMinor,
      pendingMinor: 1,
      flaggedMinor: 0,
      count: 1,
    });
    const board = coordinatorDashboard(
      [
        digested('a', {
          spending: { byCategory: [row('visa', 'EUR', 100), row('visa', 'RUB', 5)], byMonth: [] },
        }),
        digested('b', { spending: { byCategory: [row('visa', 'EUR', 250)], byMonth: [] } }),
      ],
      now,
    );
    expect(board.spending.byCategory).toEqual([
      { key: 'visa', currency: 'EUR', spentMinor: 350, pendingMinor: 2, flaggedMinor: 0, count: 2 },
      row('visa', 'RUB', 5),
    ]);
  });
});

describe.each(databaseKinds)('dashboard from an unlocked caseload on %s', (kind) => {
  let corridor: TestCorridor;
  let nadia: MemberSession;
  let timur: MemberSession; // general only
  let directory: DirectoryTeam[];
  let coordination: string;
  let hotline: string;

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    const admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['case_coordinator']);
    timur = await corridor.member('timur', ['hotline_operator']);
    coordination = await corridor.team(admin, 'Coordination', nadia);
    hotline = await corridor.team(admin, 'Hotline', timur);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
  });
  afterAll(() => corridor?.stop());

  it('digests each case in the workers: leg under way, overdue check-in, destination', async () => {
    const caseId = await createCase(nadia, directory, {
      title: 'Dashboard case',
      riskLevel: 4,
      share: { general: [coordination, hotline], location: [coordination] },
    });
    const ring = await loadTeamKeyring(nadia);
    const open = () => openCase(nadia, ring, caseId);
    await saveEvacuationPlan(nadia, await open(), {
      legs: [
        {
          from: 'Argun',
          to: 'Nalchik',
          transport: 'Car',
          departureAt: '2026-11-25T06:00:00.000Z',
          arrivalAt: '2026-11-25T09:00:00.000Z',
          escortId: null,
          coverStory: '',
          documents: '',
          money: null,
          leavesCountry: false,
        },
        {
          from: 'Nalchik',
          to: 'Moscow',
          transport: 'Train',
          departureAt: '2026-11-25T12:00:00.000Z',
          arrivalAt: '2026-11-26T08:00:00.000Z',
          escortId: null,
          coverStory: '',
          documents: '',
          money: null,
          leavesCountry: false,
        },
      ],
      checklist: defaultChecklist(),
    });
    const [first] = (await import('../evacuation/evacuation-plan.ts')).evacuationPlan(
      await open(),
    ).legs;
    await setLegStatus(nadia, await open(), first?.id ?? '', 'departed');
    // The virtual clock stands at 10:00; due at 09:30 with 15 minutes' grace: overdue.
    await scheduleCheckin(nadia, await open(), {
      ref: first?.id ?? null,
      note: 'Call from the bus station',
      purpose: 'arrival',
      dueAt: '2026-11-25T09:30:00.000Z',
      graceMinutes: 15,
      ladder: [{ afterMinutes: 0, accountIds: [nadia.account.id], teamIds: [] }],
      conversationId: null,
      words: null,
    });
    await saveRelocation(nadia, await open(), {
      destination: { country: 'DE', city: 'Berlin' },
      route: 'humanitarian_visa',
      steps: [],
      status: 'planning',
      arrivalDate: null,
    });

    // Under the threshold: spent at once. Over it: pending until a second member approves.
    const threshold = { amountMinor: 100_00, currency: 'EUR' };
    const expense = (amountMinor: number, date: string) => ({
      category: 'travel' as const,
      amountMinor,
      currency: 'EUR',
      date,
      paidBy: 'Nadia',
      note: 'Bus tickets',
      receipt: null,
    });
    await addExpense(nadia, await open(), expense(40_00, '2026-11-20'), threshold);
    await addExpense(nadia, await open(), expense(30_00, '2026-10-02'), threshold);
    await addExpense(nadia, await open(), expense(900_00, '2026-11-21'), threshold);

    const digestOf = async (member: MemberSession) => {
      const caseload = createCaseloadSync(member, await loadTeamKeyring(member), () =>
        createNodeUnlockWorkers(2),
      );
      try {
        await caseload.sync();
        const found = caseload.cases.get(caseId);
        return { found, board: coordinatorDashboard(caseload.cases.values(), corridor.clock()) };
      } finally {
        await caseload.close();
      }
    };

    const { found, board } = await digestOf(nadia);
    expect(found?.rescue).toMatchObject({
      stage: 'new',
      riskLevel: 4,
      evacuation: {
        legs: 2,
        arrived: 0,
        current: { from: 'Argun', to: 'Nalchik', status: 'departed' },
      },
      relocation: { country: 'DE', city: 'Berlin', route: 'humanitarian_visa' },
    });
    expect(found?.rescue.openCheckins).toHaveLength(1);
    expect(board.overdueCheckins).toMatchObject([
      { caseId, purpose: 'arrival', overdueSince: '2026-11-25T09:45:00.000Z' },
    ]);
    expect(board.evacuations).toMatchObject([{ caseId, nextCheckin: { overdue: true } }]);
    expect(board.destinations).toEqual([{ country: 'DE', cases: 1, underway: 1 }]);
    expect(board.spending.byCategory).toEqual([
      {
        key: 'travel',
        currency: 'EUR',
        spentMinor: 70_00,
        pendingMinor: 900_00,
        flaggedMinor: 0,
        count: 2,
      },
    ]);
    expect(board.spending.byMonth.map((row) => [row.key, row.spentMinor])).toEqual([
      ['2026-10', 30_00],
      ['2026-11', 40_00],
    ]);

    // Without `location` the hotline operator sees none of the route or destination; a
    // check-in's due time is signed in the clear (the server knows it too), so a person
    // not heard from shows as overdue to everyone on the case.
    const other = await digestOf(timur);
    expect(other.found?.rescue).toMatchObject({ stage: 'new', evacuation: null, relocation: null });
    expect(other.board.overdueCheckins).toMatchObject([{ caseId, purpose: 'arrival' }]);
    expect(other.board.evacuations).toEqual([]);
  });
});
