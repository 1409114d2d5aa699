// Check-ins and alarms in real Chromium, in English and Russian: a coordinator schedules a
// check-in on the case page (due already, no grace) with herself on the first rung; the
// sweep raises the alarm, the navigation counts it and a banner announces it; she opens
// the alarms page, sees the rung, acknowledges it, and the count goes. axe finds nothing.
// A cancelled leg of the case's plan is not offered for a new check-in; an open one is.
import { initCrypto } from '@corridor/crypto';
import { teamDirectoryRoute } from '@corridor/protocol';
import {
  createCase,
  defaultChecklist,
  evacuationPlan,
  loadTeamKeyring,
  openCase,
  saveEvacuationPlan,
  setLegStatus,
  setUpTeam,
} from '@corridor/vault';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { english, russian } from './pages/account-pages.ts';
import { heading } from './pages/case-pages.ts';
import { alarmWordsEnglish, alarmWordsRussian, localMinuteNow } from './pages/rescue-pages.ts';
import { openCasePage, nodeSession as sessionOf, signedInPage } from './pages/staff-session.ts';
import { accessibilityViolations } from './support/axe.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

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

  const nodeSession = (member: RegisteredMember) => sessionOf(stage.corridor, member);

  beforeAll(async () => {
    await initCrypto();
    const adminMember = await registerMember(stage.corridor, 'admin', ['administrator']);
    nadia = await registerMember(stage.corridor, 'nadia', ['case_coordinator']);
    const admin = await nodeSession(adminMember);
    const session = await nodeSession(nadia);
    const teamId = await setUpTeam(admin, 'Coordination', session);
    const directory = (await session.api.call(teamDirectoryRoute)).teams;
    caseId = await createCase(session, directory, {
      title,
      riskLevel: 4,
      share: { general: [teamId], location: [teamId] },
    });
    // A plan of two legs, the first called off.
    const view = async () => openCase(session, await loadTeamKeyring(session), caseId);
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const leg = {
      transport: 'Car',
      escortId: null,
      coverStory: '',
      documents: '',
      money: null,
      leavesCountry: false,
    };
    await saveEvacuationPlan(session, await view(), {
      legs: [
        { ...leg, from: 'Grozny', to: 'Nalchik', departureAt: hours(24), arrivalAt: hours(28) },
        { ...leg, from: 'Nalchik', to: 'Moscow', departureAt: hours(30), arrivalAt: hours(50) },
      ],
      checklist: defaultChecklist(),
    });
    const current = await view();
    const first = evacuationPlan(current).legs[0];
    if (!first) throw new Error('no leg');
    await setLegStatus(session, current, first.id, 'cancelled');
  });

  async function caseIn(member: RegisteredMember): Promise<Page> {
    const page = await signedInPage(stage.browser, stage.corridor, member, words);
    await openCasePage(page, caseId, title);
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
    // The select's name holds its chosen option after the label's words.
    const refs = panel.getByLabel(alarm.belongsTo);
    await expect
      .poll(() => refs.locator('option').allTextContents(), { timeout: 20_000 })
      .toContain(alarm.leg(2, 'Nalchik', 'Moscow'));
    expect(await refs.locator('option').allTextContents()).not.toContain(
      alarm.leg(1, 'Grozny', 'Nalchik'),
    );

    // Due this very minute, no grace: missed at the next sweep.
    const now = await localMinuteNow(page);
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
    // The page reloads its list on its own: the button goes with the acknowledgement.
    await expect.poll(() => item.getByRole('button').count(), { timeout: 20_000 }).toBe(0);
    await audit(page);

    // Back on the case, the check-in shows as missed with its alarm.
    await openCasePage(page, caseId, title);
    await expect
      .poll(() => page.getByTestId('checkin-status').first().textContent(), { timeout: 20_000 })
      .toContain(alarm.missed);
    await audit(page);
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
