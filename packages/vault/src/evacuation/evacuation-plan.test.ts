// The evacuation plan through the client core against a whole server on SQLite and
// PostgreSQL: the whole plan encrypted in `location` as `evacuation.updated` events, the
// latest winning; bad plans refused before anything is written; the documents checklist
// gating a cross-border departure unless overridden with a reason; no route on a seized disk.
import { teamDirectoryRoute } from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { searchSeizedData } from '../../../../test-support/seizure.ts';
import { databaseKinds } from '../../../../test-support/test-database.ts';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { appendToCase, createCase, type DirectoryTeam, openCase } from '../cases/cases.ts';
import { refusal, startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import {
  checklistProgress,
  evacuationPlan,
  saveEvacuationPlan,
  setLegStatus,
} from './evacuation-plan.ts';
import { defaultChecklist, type LegInput } from './plan-schema.ts';

const leg = (over: Partial<LegInput> = {}): LegInput => ({
  from: 'Grozny',
  to: 'Nalchik',
  transport: 'Car',
  departureAt: '2026-12-01T05:00:00.000Z',
  arrivalAt: '2026-12-01T09:00:00.000Z',
  escortId: null,
  coverStory: 'Visiting an aunt',
  documents: 'Internal passport',
  money: { amountMinor: 500_000, currency: 'RUB' },
  leavesCountry: false,
  ...over,
});

describe.each(databaseKinds)('evacuation plan on %s', (kind) => {
  let corridor: TestCorridor;
  let admin: MemberSession;
  let nadia: MemberSession;
  let timur: MemberSession; // general only: no location
  let directory: DirectoryTeam[];
  let coordination: string;
  let funds: string;

  const open = async (member: MemberSession, caseId: string) =>
    openCase(member, await loadTeamKeyring(member), caseId);
  const newCase = (title: string) =>
    createCase(nadia, directory, {
      title,
      riskLevel: 4,
      share: { general: [coordination, funds], location: [coordination] },
    });

  beforeAll(async () => {
    corridor = await startTestCorridor(kind);
    admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['case_coordinator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    coordination = await corridor.team(admin, 'Coordination', nadia);
    funds = await corridor.team(admin, 'Funds', timur);
    directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    // The browser's clock reads the test server's virtual one, as a browser's and a
    // server's clocks agree in use: a leg's status time is compared with the event's.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(corridor.clock());
  });
  afterAll(async () => {
    vi.useRealTimers();
    await corridor?.stop();
  });

  it('saves the whole plan encrypted in location; the latest version wins', async () => {
    const caseId = await newCase('Plan');
    let view = await open(nadia, caseId);
    expect(evacuationPlan(view)).toMatchObject({ legs: [], seq: null, unreadable: false });
    expect(evacuationPlan(view).checklist.map((i) => i.kind)).toEqual([
      'passport',
      'visa',
      'tickets',
      'medical',
      'invitation_letter',
    ]);
    await saveEvacuationPlan(nadia, view, {
      legs: [
        leg({ escortId: nadia.account.id }),
        leg({
          from: 'Nalchik',
          to: 'Moscow',
          transport: 'Train',
          departureAt: '2026-12-01T12:00:00.000Z',
          arrivalAt: '2026-12-02T18:00:00.000Z',
        }),
      ],
      checklist: defaultChecklist(),
    });
    view = await open(nadia, caseId);
    let plan = evacuationPlan(view);
    expect(view.timeline.entries.at(-1)).toMatchObject({
      kind: 'evacuation.updated',
      compartment: 'location',
    });
    expect(plan.legs.map((l) => [l.from, l.to, l.status, l.escortId])).toEqual([
      ['Grozny', 'Nalchik', 'planned', nadia.account.id],
      ['Nalchik', 'Moscow', 'planned', null],
    ]);
    expect(plan.legs[0]?.id).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // Editing keeps the legs' ids; a stale view is refused.
    const [first, second] = plan.legs;
    if (!first || !second) throw new Error('two legs');
    await saveEvacuationPlan(nadia, view, {
      legs: [{ ...first, transport: 'Bus' }, second],
      checklist: plan.checklist,
    });
    expect(await refusal(saveEvacuationPlan(nadia, view, { legs: [], checklist: [] }))).toBe(
      'conflict',
    );
    plan = evacuationPlan(await open(nadia, caseId));
    expect(plan.legs.map((l) => [l.id, l.transport])).toEqual([
      [first.id, 'Bus'],
      [second.id, 'Train'],
    ]);

    // A member whose teams hold `general` but not `location` sees no plan.
    expect(evacuationPlan(await open(timur, caseId)).legs).toEqual([]);
  });

  it('refuses arrival before departure and overlapping legs, writing nothing', async () => {
    const caseId = await newCase('Bad plans');
    const view = await open(nadia, caseId);
    const backwards = leg({ arrivalAt: '2026-12-01T04:00:00.000Z' });
    expect(
      await refusal(saveEvacuationPlan(nadia, view, { legs: [backwards], checklist: [] })),
    ).toBe('arrival_before_departure');
    const overlapping = leg({
      from: 'Nalchik',
      to: 'Moscow',
      departureAt: '2026-12-01T08:00:00.000Z',
      arrivalAt: '2026-12-02T08:00:00.000Z',
    });
    expect(
      await refusal(saveEvacuationPlan(nadia, view, { legs: [leg(), overlapping], checklist: [] })),
    ).toBe('legs_overlap');
    expect(
      await refusal(
        saveEvacuationPlan(nadia, view, { legs: [leg({ from: '  ' })], checklist: [] }),
      ),
    ).toBe('invalid_plan');
    expect(
      await refusal(
        saveEvacuationPlan(nadia, view, {
          legs: [{ ...leg(), id: 'x'.repeat(22) }],
          checklist: [],
        }),
      ),
    ).toBe('leg_not_found');
    expect((await open(nadia, caseId)).summary.version).toBe(view.summary.version);
  });

  it('departs a cross-border leg only with the checklist done, or an override with a reason', async () => {
    const caseId = await newCase('Border');
    const checklist = defaultChecklist().map((item) =>
      item.kind === 'passport' || item.kind === 'visa' ? { ...item, required: true } : item,
    );
    await saveEvacuationPlan(nadia, await open(nadia, caseId), {
      legs: [
        leg({ from: 'Moscow', to: 'Minsk', leavesCountry: false }),
        leg({
          from: 'Minsk',
          to: 'Vilnius',
          departureAt: '2026-12-01T10:00:00.000Z',
          arrivalAt: '2026-12-01T16:00:00.000Z',
          leavesCountry: true,
        }),
        leg({
          from: 'Vilnius',
          to: 'Berlin',
          departureAt: '2026-12-02T10:00:00.000Z',
          arrivalAt: '2026-12-02T16:00:00.000Z',
          leavesCountry: true,
        }),
      ],
      checklist,
    });
    let view = await open(nadia, caseId);
    let plan = evacuationPlan(view);
    const [inside, border, onward] = plan.legs;
    if (!inside || !border || !onward) throw new Error('three legs');
    expect(checklistProgress(plan)).toEqual({ done: 0, required: 2 });

    // A leg inside the country departs whatever the checklist says.
    await setLegStatus(nadia, view, inside.id, 'departed');
    view = await open(nadia, caseId);
    // Not straight from planned to arrived… and not with the checklist undone.
    expect(await refusal(setLegStatus(nadia, view, border.id, 'arrived'))).toBe(
      'status_not_allowed',
    );
    expect(await refusal(setLegStatus(nadia, view, border.id, 'departed'))).toBe(
      'checklist_incomplete',
    );
    expect(await refusal(setLegStatus(nadia, view, border.id, 'departed', '   '))).toBe(
      'checklist_incomplete',
    );
    expect((await open(nadia, caseId)).summary.version).toBe(view.summary.version);

    // Completing the checklist lets it go.
    await saveEvacuationPlan(nadia, view, {
      legs: plan.legs,
      checklist: plan.checklist.map((item) => ({ ...item, done: item.required })),
    });
    view = await open(nadia, caseId);
    expect(checklistProgress(evacuationPlan(view))).toEqual({ done: 2, required: 2 });
    await setLegStatus(nadia, view, border.id, 'departed');
    await setLegStatus(nadia, await open(nadia, caseId), border.id, 'arrived');

    // Unticking the visa for the onward leg: only an override with a reason, recorded.
    view = await open(nadia, caseId);
    plan = evacuationPlan(view);
    await saveEvacuationPlan(nadia, view, {
      legs: plan.legs,
      checklist: plan.checklist.map((item) =>
        item.kind === 'visa' ? { ...item, done: false } : item,
      ),
    });
    await setLegStatus(
      nadia,
      await open(nadia, caseId),
      onward.id,
      'departed',
      'Humanitarian visa issued at the border post',
    );
    view = await open(nadia, caseId);
    plan = evacuationPlan(view);
    expect(plan.legs.map((l) => l.status)).toEqual(['departed', 'arrived', 'departed']);
    expect(plan.legs[2]).toMatchObject({
      statusBy: nadia.account.id,
      override: { reason: 'Humanitarian visa issued at the border post', by: nadia.account.id },
    });
    expect(plan.legs[1]?.override).toBeNull();

    // Arrived and cancelled legs stay as they are.
    expect(await refusal(setLegStatus(nadia, view, border.id, 'cancelled'))).toBe(
      'status_not_allowed',
    );
    await setLegStatus(nadia, view, onward.id, 'cancelled');
    view = await open(nadia, caseId);
    expect(await refusal(setLegStatus(nadia, view, onward.id, 'departed', 'again'))).toBe(
      'status_not_allowed',
    );
    // Saving the plan never changes a status.
    plan = evacuationPlan(view);
    await saveEvacuationPlan(nadia, view, { legs: plan.legs, checklist: plan.checklist });
    expect(evacuationPlan(await open(nadia, caseId)).legs.map((l) => l.status)).toEqual([
      'departed',
      'arrived',
      'cancelled',
    ]);
    // Every step above was taken through the client core: the replay finds nothing wrong.
    expect(evacuationPlan(await open(nadia, caseId)).problems).toEqual([]);
  });

  it('flags a hand-made plan that skips the checklist, moves a leg out of order or credits someone else', async () => {
    const caseId = await newCase('Forged');
    const checklist = defaultChecklist().map((item) =>
      item.kind === 'passport' ? { ...item, required: true } : item,
    );
    const border = (n: number) =>
      leg({
        from: `Town ${n}`,
        to: `Town ${n + 1}`,
        departureAt: `2026-12-0${n}T05:00:00.000Z`,
        arrivalAt: `2026-12-0${n}T09:00:00.000Z`,
        leavesCountry: true,
      });
    await saveEvacuationPlan(nadia, await open(nadia, caseId), {
      legs: [1, 2, 3, 4, 5, 6].map(border),
      checklist,
    });
    let view = await open(nadia, caseId);
    const honest = evacuationPlan(view);
    expect(honest.problems).toEqual([]);
    const ids = honest.legs.map((l) => l.id);
    const [skipped, credited, dated, jumped, overridden, fine] = honest.legs;
    if (!skipped || !credited || !dated || !jumped || !overridden || !fine) {
      throw new Error('six legs');
    }
    // Nadia writes `location`, so the server takes any content from her: here a plan her
    // browser would never have written, appended directly.
    const now = new Date().toISOString();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const me = nadia.account.id;
    const moved = (l: typeof skipped, over: Partial<typeof skipped>) => ({
      ...l,
      status: 'departed' as const,
      statusBy: me,
      statusAt: now,
      ...over,
    });
    await appendToCase(nadia, view, 'location', 'evacuation.updated', {
      legs: [
        // Departed across the border, passport not in hand, no override.
        moved(skipped, {}),
        // Departed "by Timur", with an override "by Timur".
        moved(credited, {
          statusBy: timur.account.id,
          override: { reason: 'He said so', by: timur.account.id, at: now },
        }),
        // Departed, dated yesterday.
        moved(dated, {
          statusAt: yesterday,
          override: { reason: 'Backdated', by: me, at: yesterday },
        }),
        // Straight from planned to arrived.
        moved(jumped, {
          status: 'arrived',
          override: { reason: 'Border is open', by: me, at: now },
        }),
        // An honest override: author and time are the event's.
        moved(overridden, { override: { reason: 'Visa at the border post', by: me, at: now } }),
        fine,
      ],
      checklist,
    });
    view = await open(nadia, caseId);
    let plan = evacuationPlan(view);
    const problemsOf = (legId: string) =>
      plan.problems.filter((p) => p.legId === legId).map((p) => p.problem);
    expect(problemsOf(ids[0] as string)).toEqual(['checklist_incomplete']);
    expect(problemsOf(ids[1] as string)).toEqual([
      'status_misattributed',
      'override_misattributed',
    ]);
    expect(problemsOf(ids[2] as string)).toEqual([
      'status_misattributed',
      'override_misattributed',
    ]);
    expect(problemsOf(ids[3] as string)).toEqual(['status_not_allowed', 'override_misattributed']);
    expect(problemsOf(ids[4] as string)).toEqual([]);
    expect(problemsOf(ids[5] as string)).toEqual([]);
    expect(plan.problems.every((p) => p.seq === plan.seq)).toBe(true);

    // Rewriting who departed an honest leg later is flagged too, and a flag stays on its
    // leg through later honest edits: the forged departure is still in the plan.
    const seq = plan.seq;
    await appendToCase(nadia, view, 'location', 'evacuation.updated', {
      legs: plan.legs.map((l) =>
        l.id === overridden.id ? { ...l, statusBy: timur.account.id } : l,
      ),
      checklist,
    });
    view = await open(nadia, caseId);
    await saveEvacuationPlan(nadia, view, {
      legs: evacuationPlan(view).legs.map((l) => ({ ...l, transport: 'Bus' })),
      checklist,
    });
    plan = evacuationPlan(await open(nadia, caseId));
    expect(plan.legs.every((l) => l.transport === 'Bus')).toBe(true);
    expect(problemsOf(ids[4] as string)).toEqual(['history_rewritten']);
    expect(plan.problems.find((p) => p.legId === ids[0])).toMatchObject({
      problem: 'checklist_incomplete',
      seq,
    });
    expect(problemsOf(ids[5] as string)).toEqual([]);
  });

  it('leaves no route, cover story or place of the plan on a seized disk', async () => {
    const caseId = await newCase('Seizure');
    const coverStory = 'Going to Pyatigorsk for a cousin’s wedding';
    await saveEvacuationPlan(nadia, await open(nadia, caseId), {
      legs: [
        leg({ from: 'Urus-Martan', to: 'Mineralnye Vody', coverStory }),
        leg({
          from: 'Mineralnye Vody',
          to: 'Safe flat on Ligovsky',
          departureAt: '2026-12-01T12:00:00.000Z',
          arrivalAt: '2026-12-01T20:00:00.000Z',
        }),
      ],
      checklist: defaultChecklist(),
    });
    const { found, bytes } = await searchSeizedData(corridor.database, [
      'Urus-Martan',
      'Mineralnye Vody',
      'Ligovsky',
      coverStory,
      'Pyatigorsk',
      '"coverStory"',
      ...corridor.secrets,
    ]);
    expect(bytes).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
