// Relocation through the client core against a whole server on SQLite and PostgreSQL: the
// record is checked before anything is written, kept encrypted in `location`, and once an
// arrival date is set the three follow-ups are scheduled as check-ins at +30/90/180 days.
import { teamDirectoryRoute } from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { createCase, type DirectoryTeam, openCase } from '../cases/cases.ts';
import { caseCheckins } from '../checkins/checkins.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { followUpDueAt, followUps, scheduleFollowUps } from './follow-ups.ts';
import {
  checkRelocation,
  type RelocationRecord,
  relocation,
  saveRelocation,
} from './relocation.ts';

const planned: RelocationRecord = {
  destination: { country: 'de', city: ' Hamburg ' },
  route: 'humanitarian_visa',
  steps: [
    {
      title: 'Visa interview',
      dueDate: '2026-12-01',
      doneDate: null,
      documents: ['passport', ' '],
      done: false,
    },
    { title: 'Flight', dueDate: '2026-12-10', doneDate: null, documents: [], done: false },
  ],
  status: 'planning',
  arrivalDate: null,
};

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
};

describe('relocation record checks', () => {
  it('tidies a good record', () => {
    const checked = checkRelocation(planned);
    expect(checked.destination).toEqual({ country: 'DE', city: 'Hamburg' });
    expect(checked.steps[0]?.documents).toEqual(['passport']);
  });

  it('refuses an unknown route or status, a bad country, bad dates', () => {
    expect(codeOf(() => checkRelocation({ ...planned, route: 'boat' as never }))).toBe(
      'route_unknown',
    );
    expect(codeOf(() => checkRelocation({ ...planned, status: 'gone' as never }))).toBe(
      'status_unknown',
    );
    expect(
      codeOf(() => checkRelocation({ ...planned, destination: { country: 'DEU', city: '' } })),
    ).toBe('country_invalid');
    expect(codeOf(() => checkRelocation({ ...planned, arrivalDate: '2026-02-30' }))).toBe(
      'date_invalid',
    );
  });

  it('refuses steps out of order, done without a date, arrival missing or too early', () => {
    const [visa, flight] = planned.steps as [
      RelocationRecord['steps'][0],
      RelocationRecord['steps'][0],
    ];
    expect(codeOf(() => checkRelocation({ ...planned, steps: [flight, visa] }))).toBe(
      'steps_out_of_order',
    );
    expect(codeOf(() => checkRelocation({ ...planned, steps: [{ ...visa, done: true }] }))).toBe(
      'step_done_date',
    );
    expect(codeOf(() => checkRelocation({ ...planned, steps: [{ ...visa, title: ' ' }] }))).toBe(
      'step_title_required',
    );
    expect(codeOf(() => checkRelocation({ ...planned, status: 'arrived' }))).toBe(
      'arrival_required',
    );
    expect(
      codeOf(() =>
        checkRelocation({
          ...planned,
          status: 'arrived',
          arrivalDate: '2026-12-05',
          steps: [{ ...visa, done: true, doneDate: '2026-12-06' }],
        }),
      ),
    ).toBe('arrival_before_steps');
  });
});

describe.each(databaseKinds)('relocation on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let timur: MemberSession; // case coordinator
  let alina: MemberSession; // shelter team: general only
  let directory: DirectoryTeam[];
  let hotline: string;

  const open = async (member: MemberSession, caseId: string) =>
    openCase(member, await loadTeamKeyring(member), caseId);

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    alina = await corridor.member('alina', ['shelter_coordinator']);
    hotline = await corridor.team(admin, 'Hotline', timur);
    const shelter = await corridor.team(admin, 'Shelters', alina);
    directory = (await timur.api.call(teamDirectoryRoute)).teams;
    expect(shelter).toBeTruthy();
  });
  afterAll(() => corridor?.stop());

  const newCase = async () => {
    const shelter = directory.find((t) => t.name === 'Shelters')?.id as string;
    return createCase(timur, directory, {
      title: 'Relocating',
      riskLevel: 3,
      share: { general: [hotline, shelter], location: [hotline] },
    });
  };

  it('keeps the latest record, readable only with `location`; a bad one writes nothing', async () => {
    const caseId = await newCase();
    let view = await open(timur, caseId);
    await saveRelocation(timur, view, planned);
    view = await open(timur, caseId);
    expect(relocation(view)?.destination).toEqual({ country: 'DE', city: 'Hamburg' });
    const version = view.timeline.head.version;
    expect(await refusal(saveRelocation(timur, view, { ...planned, route: 'boat' as never }))).toBe(
      'route_unknown',
    );
    expect((await open(timur, caseId)).timeline.head.version).toBe(version);
    await saveRelocation(timur, view, { ...planned, status: 'in_progress' });
    expect(relocation(await open(timur, caseId))?.status).toBe('in_progress');
    // The shelter team holds `general`, not `location`: it sees that a relocation changed, not where to.
    const theirs = await open(alina, caseId);
    expect(theirs.timeline.entries.some((e) => e.kind === 'relocation.updated')).toBe(true);
    expect(relocation(theirs)).toBeNull();
  });

  it('schedules follow-ups at +30, +90 and +180 days once the person has arrived', async () => {
    const caseId = await newCase();
    const ring = await loadTeamKeyring(timur);
    await saveRelocation(timur, await open(timur, caseId), planned);
    expect((await scheduleFollowUps(timur, ring, caseId)).scheduled).toBe(0);
    await saveRelocation(timur, await open(timur, caseId), {
      ...planned,
      status: 'arrived',
      arrivalDate: '2026-12-11',
    });
    const { view, scheduled } = await scheduleFollowUps(timur, ring, caseId);
    expect(scheduled).toBe(3);
    const checkins = caseCheckins(view).filter((c) => c.purpose === 'follow_up');
    expect(checkins.map((c) => [c.ref, c.dueAt])).toEqual([
      ['follow-up-30', '2027-01-10T12:00:00.000Z'],
      ['follow-up-90', '2027-03-11T12:00:00.000Z'],
      ['follow-up-180', '2027-06-09T12:00:00.000Z'],
    ]);
    // Coordinator first, then the team that holds `location`.
    expect(checkins[0]?.ladder).toEqual([
      { afterMinutes: 0, accountIds: [timur.account.id], teamIds: [] },
      { afterMinutes: 60, accountIds: [], teamIds: [hotline] },
    ]);
    expect(followUps(view).map((f) => f.checkin?.status)).toEqual([
      'scheduled',
      'scheduled',
      'scheduled',
    ]);
    // Again: nothing new. A corrected arrival date moves all three.
    expect((await scheduleFollowUps(timur, ring, caseId)).scheduled).toBe(0);
    await saveRelocation(timur, await open(timur, caseId), {
      ...planned,
      status: 'arrived',
      arrivalDate: '2026-12-12',
    });
    const moved = await scheduleFollowUps(timur, ring, caseId);
    expect(moved.scheduled).toBe(3);
    expect(followUps(moved.view).map((f) => f.checkin?.dueAt)).toEqual([
      followUpDueAt('2026-12-12', 30),
      followUpDueAt('2026-12-12', 90),
      followUpDueAt('2026-12-12', 180),
    ]);
    expect(
      caseCheckins(moved.view)
        .filter((c) => c.status === 'cancelled')
        .map((c) => c.ref),
    ).toEqual(['follow-up-30', 'follow-up-90', 'follow-up-180']);
  });
});
