// The evacuation plan and the funds ledger in real Chromium, in English and Russian: a
// coordinator plans two legs, cannot mark the cross-border one departed while a required
// document is missing (the error shows), completes the checklist and marks it departed;
// she adds an expense above the threshold the administrator set on the administration page, which she cannot approve herself,
// and a second member approves it. axe finds nothing.
import { initCrypto } from '@corridor/crypto';
import { teamDirectoryRoute } from '@corridor/protocol';
import { createCase, setUpTeam } from '@corridor/vault';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { english, russian } from './pages/account-pages.ts';
import { addLeg as addPlanLeg, planWordsEnglish, planWordsRussian } from './pages/rescue-pages.ts';
import { openCasePage, nodeSession as sessionOf, signedInPage } from './pages/staff-session.ts';
import { accessibilityViolations } from './support/axe.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

const stories = [
  { words: english, plan: planWordsEnglish },
  { words: russian, plan: planWordsRussian },
];

describe.each(stories)('evacuation plan and funds, in $words.locale', ({ words, plan }) => {
  const stage = useStage();
  const members: Record<string, RegisteredMember> = {};
  const title = 'Evacuation from Argun';
  let caseId = '';

  const nodeSession = (member: RegisteredMember) => sessionOf(stage.corridor, member);

  beforeAll(async () => {
    await initCrypto();
    members.admin = await registerMember(stage.corridor, 'admin', ['administrator']);
    members.nadia = await registerMember(stage.corridor, 'nadia', ['case_coordinator']);
    members.timur = await registerMember(stage.corridor, 'timur', ['case_coordinator']);
    const admin = await nodeSession(members.admin);
    const nadia = await nodeSession(members.nadia);
    const timur = await nodeSession(members.timur);
    const teamId = await setUpTeam(admin, 'Coordination', nadia, timur);
    const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    caseId = await createCase(nadia, directory, {
      title,
      riskLevel: 5,
      share: { general: [teamId], location: [teamId] },
    });
  });

  const signedIn = (handle: string) =>
    signedInPage(stage.browser, stage.corridor, members[handle] as RegisteredMember, words);

  async function caseIn(handle: string): Promise<Page> {
    const page = await signedIn(handle);
    await openCasePage(page, caseId, title);
    return page;
  }

  async function addLeg(page: Page, leg: string[], leavesCountry: boolean) {
    const [from = '', to = '', transport = '', departure = '', arrival = ''] = leg;
    await addPlanLeg(page, plan, { from, to, transport, departure, arrival, leavesCountry });
  }

  it('gates a cross-border departure on the checklist; a second member approves spending', {
    timeout: 180_000,
  }, async () => {
    const violations: string[] = [];
    const audit = async (page: Page) => violations.push(...(await accessibilityViolations(page)));

    // The administrator sets the organisation's threshold: spending above €100 needs two.
    const admin = await signedIn('admin');
    await admin.getByRole('link', { name: plan.administration, exact: true }).click();
    await admin.getByLabel(plan.threshold, { exact: true }).fill('100');
    await admin.getByRole('button', { name: plan.saveThreshold }).click();
    await expect
      .poll(() => admin.getByRole('status').filter({ hasText: plan.thresholdSaved }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await audit(admin);
    await admin.context().close();

    const nadia = await caseIn('nadia');

    await addLeg(nadia, ['Argun', 'Nalchik', 'Car', '2026-12-01T05:00', '2026-12-01T10:00'], false);
    await addLeg(nadia, ['Moscow', 'Minsk', 'Bus', '2026-12-02T08:00', '2026-12-02T20:00'], true);
    expect(await nadia.getByTestId('evacuation-leg').count()).toBe(2);
    await audit(nadia);

    // The passport is required for the route; it is not in hand yet.
    await nadia.getByRole('checkbox', { name: plan.passportRequired }).check();
    await nadia.getByRole('button', { name: plan.saveChecklist }).click();
    await expect
      .poll(() => nadia.getByRole('checkbox', { name: plan.passportRequired }).isChecked(), {
        timeout: 20_000,
      })
      .toBe(true);
    await nadia.getByRole('button', { name: plan.markDeparted(2), exact: true }).click();
    await expect
      .poll(() => nadia.getByRole('alert').filter({ hasText: plan.checklistIncomplete }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    expect(await nadia.getByTestId('leg-status').nth(1).textContent()).not.toBe(plan.departed);
    await audit(nadia);

    // With the passport in hand, the leg departs.
    await nadia.getByRole('checkbox', { name: plan.passportDone }).check();
    await nadia.getByRole('button', { name: plan.saveChecklist }).click();
    await expect
      .poll(() => nadia.getByRole('checkbox', { name: plan.passportDone }).isChecked(), {
        timeout: 20_000,
      })
      .toBe(true);
    // The panel re-renders after the save; wait for the saved plan before moving on.
    await expect
      .poll(() => nadia.getByRole('alert').filter({ hasText: plan.checklistIncomplete }).count(), {
        timeout: 20_000,
      })
      .toBe(0);
    await nadia.getByRole('button', { name: plan.markDeparted(2), exact: true }).click();
    await expect
      .poll(() => nadia.getByTestId('leg-status').nth(1).textContent(), { timeout: 20_000 })
      .toBe(plan.departed);

    // An expense above the threshold waits for a second member.
    await nadia.getByLabel(plan.amount, { exact: true }).fill('250');
    await nadia.getByLabel(plan.note, { exact: true }).fill('Bus tickets Moscow to Minsk');
    await nadia.getByRole('button', { name: plan.addExpense }).click();
    await expect
      .poll(() => nadia.getByTestId('expense-row').getAttribute('data-state'), {
        timeout: 20_000,
      })
      .toBe('pending');
    expect(await nadia.getByRole('button', { name: plan.approve }).count()).toBe(0);
    expect(await nadia.getByText(plan.waitingForOther).count()).toBe(1);
    await audit(nadia);

    await nadia.context().close();
    const timur = await caseIn('timur');
    await expect
      .poll(() => timur.getByTestId('expense-row').getAttribute('data-state'), {
        timeout: 20_000,
      })
      .toBe('pending');
    await timur.getByRole('button', { name: plan.approve }).click();
    await expect
      .poll(() => timur.getByTestId('expense-row').getAttribute('data-state'), {
        timeout: 20_000,
      })
      .toBe('approved');
    expect(await timur.getByTestId('expense-row').textContent()).toContain(plan.approved);
    await audit(timur);
    await timur.context().close();

    expect(violations).toEqual([]);
  });
});
