// Check-ins and alarms in real Chromium, in English and Russian: a coordinator schedules a
// check-in on the case page (due already, no grace) with herself on the first rung; the
// sweep raises the alarm, the navigation counts it and a banner announces it; she opens
// the alarms page, sees the rung, acknowledges it, and the count goes. axe finds nothing.
import { initCrypto } from '@corridor/crypto';
import { createTeamRoute, teamDirectoryRoute } from '@corridor/protocol';
import {
  createApiClient,
  createCase,
  initialiseTeamKey,
  logIn,
  type MemberSession,
} from '@corridor/vault';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountPages, english, russian } from './pages/account-pages.ts';
import { heading } from './pages/case-pages.ts';
import { accessibilityViolations } from './support/axe.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

const alarmWordsEnglish = {
  checkins: 'Check-ins',
  due: 'Check in by',
  grace: 'Grace (minutes)',
  members: 'Members',
  schedule: 'Schedule check-in',
  missed: 'Missed — alarm raised',
  nav: 'Alarms',
  navWith: 'Alarms (1 new)',
  banner: '1 alarm is waiting',
  alarmsHeading: 'Alarms',
  missedArrival: 'Missed arrival',
  rung: '1',
  acknowledge: /^Acknowledge the alarm for case /,
  acknowledged: 'Acknowledged. No further rung will be alerted.',
};

const alarmWordsRussian: typeof alarmWordsEnglish = {
  checkins: 'Отметки о безопасности',
  due: 'Ждём отметку к',
  grace: 'Запас (минут)',
  members: 'Сотрудники',
  schedule: 'Запланировать отметку',
  missed: 'Пропущена — тревога поднята',
  nav: 'Тревоги',
  navWith: 'Тревоги (1 новая)',
  banner: '1 тревога ждёт',
  alarmsHeading: 'Тревоги',
  missedArrival: 'Не отметился по прибытии',
  rung: '1',
  acknowledge: /^Подтвердить тревогу по делу /,
  acknowledged: 'Подтверждено. Следующие ступени не будут оповещены.',
};

const stories = [
  { words: english, alarm: alarmWordsEnglish },
  { words: russian, alarm: alarmWordsRussian },
];

describe.each(stories)('check-ins and alarms, in $words.locale', ({ words, alarm }) => {
  // A sweep every half second, so the alarm is raised while the test watches.
  const stage = useStage({ alarmSweepIntervalMs: 500 });
  let nadia: RegisteredMember;
  const title = 'Trip to Nalchik';
  let caseId = '';

  async function nodeSession(member: RegisteredMember): Promise<MemberSession> {
    return logIn(createApiClient({ baseUrl: stage.corridor.server.staffUrl }), {
      handle: member.handle,
      password: member.password,
      secondFactor: { backupCode: member.backupCodes.pop() ?? '' },
      deviceLabel: 'setup',
    });
  }

  beforeAll(async () => {
    await initCrypto();
    const adminMember = await registerMember(stage.corridor, 'admin', ['administrator']);
    nadia = await registerMember(stage.corridor, 'nadia', ['case_coordinator']);
    const admin = await nodeSession(adminMember);
    const session = await nodeSession(nadia);
    const { teamId } = await admin.api.call(createTeamRoute, {
      body: { name: 'Coordination', firstMemberId: session.account.id },
    });
    await initialiseTeamKey(session, teamId);
    const directory = (await session.api.call(teamDirectoryRoute)).teams;
    caseId = await createCase(session, directory, {
      title,
      riskLevel: 4,
      share: { general: [teamId], location: [teamId] },
    });
  });

  async function caseIn(member: RegisteredMember): Promise<Page> {
    const context = await stage.browser.newContext({ locale: words.locale });
    const page = await context.newPage();
    await page.goto(`${stage.corridor.server.staffOrigin}/`);
    await new AccountPages(page, words).logIn(
      member.handle,
      member.password,
      member.backupCodes[0] ?? '',
    );
    await expect.poll(() => page.getByText(words.welcome).count(), { timeout: 20_000 }).toBe(1);
    // In-app navigation: a reload would end the session kept in memory.
    await page.evaluate((id) => {
      window.location.hash = `#/cases/${id}`;
    }, caseId);
    await expect.poll(() => heading(page).textContent(), { timeout: 20_000 }).toBe(title);
    return page;
  }

  it('raises a missed check-in, shows it in the navigation and the page, and acknowledges it', {
    timeout: 180_000,
  }, async () => {
    const violations: string[] = [];
    const audit = async (page: Page) => violations.push(...(await accessibilityViolations(page)));
    const page = await caseIn(nadia);
    const panel = page.getByRole('region', { name: alarm.checkins });
    await expect.poll(() => panel.count(), { timeout: 20_000 }).toBe(1);
    await audit(page);

    // Due this very minute, no grace: missed at the next sweep.
    const now = await page.evaluate(() => {
      const d = new Date();
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    });
    await panel.getByLabel(alarm.due, { exact: true }).fill(now);
    await panel.getByLabel(alarm.grace, { exact: true }).fill('0');
    await panel
      .getByTestId('rung-0')
      .getByRole('listbox', { name: alarm.members })
      .selectOption({ label: nadia.handle });
    await panel.getByRole('button', { name: alarm.schedule, exact: true }).click();
    await expect.poll(() => panel.getByTestId('checkin-row').count(), { timeout: 20_000 }).toBe(1);

    // The navigation polls; the banner says an alarm arrived, wherever the member is.
    const nav = page.getByRole('navigation');
    await expect
      .poll(() => nav.getByRole('link', { name: alarm.navWith, exact: true }).count(), {
        timeout: 40_000,
      })
      .toBe(1);
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: alarm.banner }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await audit(page);

    await nav.getByRole('link', { name: alarm.navWith, exact: true }).click();
    await expect
      .poll(() => heading(page).textContent(), { timeout: 20_000 })
      .toBe(alarm.alarmsHeading);
    const item = page.getByTestId('alarm');
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    expect(await item.getAttribute('data-kind')).toBe('missed_arrival');
    expect(await item.getByRole('heading').textContent()).toContain(alarm.missedArrival);
    expect(await item.getByTestId('alarm-rung').textContent()).toBe(alarm.rung);
    await audit(page);

    const acknowledge = item.getByRole('button', { name: alarm.acknowledge });
    await acknowledge.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: alarm.acknowledged }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await expect
      .poll(() => nav.getByRole('link', { name: alarm.nav, exact: true }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    expect(await item.getByRole('button').count()).toBe(0);
    await audit(page);

    // Back on the case, the check-in shows as missed with its alarm.
    await page.evaluate((id) => {
      window.location.hash = `#/cases/${id}`;
    }, caseId);
    await expect.poll(() => heading(page).textContent(), { timeout: 20_000 }).toBe(title);
    await expect
      .poll(() => page.getByTestId('checkin-status').first().textContent(), { timeout: 20_000 })
      .toContain(alarm.missed);
    await audit(page);
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
