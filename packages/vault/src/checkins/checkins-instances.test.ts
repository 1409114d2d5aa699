// Two servers sweeping one PostgreSQL database at once: every alarm and every rung fires
// exactly once — one alert row per member per rung, one audit entry per firing.
import { teamDirectoryRoute } from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberSession } from '../auth/log-in.ts';
import { loadTeamKeyring } from '../cases/case-keys.ts';
import { createCase, openCase } from '../cases/cases.ts';
import { startTestCorridor, type TestCorridor } from '../testing/test-corridor.ts';
import { eventually } from './checkins.test-support.ts';
import { type LadderStep, scheduleCheckin } from './checkins.ts';

describe('check-in alarms with two instances on one PostgreSQL', () => {
  let corridor: TestCorridor;
  let nadia: MemberSession;
  let timur: MemberSession;
  let dara: MemberSession;
  let zarema: MemberSession;
  const count = 24;

  beforeAll(async () => {
    corridor = await startTestCorridor('postgres', { alarmSweepIntervalMs: 20 });
    const admin = await corridor.member('admin', ['administrator']);
    nadia = await corridor.member('nadia', ['case_coordinator']);
    timur = await corridor.member('timur', ['case_coordinator']);
    dara = await corridor.member('dara', ['case_coordinator']);
    zarema = await corridor.member('zarema', ['case_coordinator']);
    await corridor.team(admin, 'Hotline', nadia, timur);
    await corridor.team(admin, 'Duty', dara, zarema);
    await corridor.secondInstance();
  });
  afterAll(() => corridor?.stop());

  it('raises each of many check-ins due at once, and fires each rung, exactly once', async () => {
    const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    const hotline = directory.find((t) => t.name === 'Hotline')?.id ?? '';
    const duty = directory.find((t) => t.name === 'Duty')?.id ?? '';
    const caseId = await createCase(nadia, directory, {
      title: 'Convoy',
      riskLevel: 5,
      share: { general: [hotline], situation: [hotline], location: [hotline] },
    });
    const ladder: LadderStep[] = [
      { afterMinutes: 0, accountIds: [nadia.account.id], teamIds: [] },
      { afterMinutes: 20, accountIds: [timur.account.id], teamIds: [] },
      { afterMinutes: 40, accountIds: [nadia.account.id], teamIds: [duty] },
    ];
    const dueAt = new Date(corridor.clock().getTime() + 10 * 60_000).toISOString();
    const keyring = await loadTeamKeyring(nadia);
    for (let i = 0; i < count; i += 1) {
      await scheduleCheckin(nadia, await openCase(nadia, keyring, caseId), {
        ref: null,
        note: `leg ${i}`,
        purpose: 'arrival',
        dueAt,
        graceMinutes: 0,
        ladder,
        conversationId: null,
        words: null,
      });
    }
    const db = corridor.server.storage.db;
    const alertCount = async () =>
      Number(
        (
          await db
            .selectFrom('checkin_alert')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    // Each step of the clock lets both instances race for the same transitions.
    corridor.tick(11 * 60);
    await eventually(alertCount, (n) => n >= count);
    corridor.tick(20 * 60);
    await eventually(alertCount, (n) => n >= count * 2);
    corridor.tick(20 * 60);
    // Rung 2: nadia again (a rung of her own) and both members of Duty.
    await eventually(alertCount, (n) => n >= count * 5);
    // Several more sweeps of both instances: nothing more fires.
    await new Promise((r) => setTimeout(r, 400));
    expect(await alertCount()).toBe(count * 5);
    const perRung = await db
      .selectFrom('checkin_alert')
      .select(['rung', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('rung')
      .orderBy('rung')
      .execute();
    expect(perRung.map((r) => [Number(r.rung), Number(r.n)])).toEqual([
      [0, count],
      [1, count],
      [2, count * 3],
    ]);
    const audits = await db
      .selectFrom('audit_entry')
      .select('detail')
      .where('action', '=', 'checkin.alarm')
      .execute();
    expect(audits).toHaveLength(count * 3);
    expect(new Set(audits.map((a) => a.detail)).size).toBe(count * 3);
    const alarms = await db.selectFrom('checkin_alarm').select(['rung', 'next_at']).execute();
    expect(alarms).toHaveLength(count);
    expect(alarms.every((a) => a.rung === 2 && a.next_at === null)).toBe(true);
  });
});
