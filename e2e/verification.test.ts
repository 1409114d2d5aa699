// Verification in real Chromium: one member proposes `verified`, cannot confirm it herself
// or move the case on; a second member confirms and moves it to evacuation. The registry
// of referrers and the outcome in the case list too; axe finds nothing.
import { initCrypto } from '@corridor/crypto';
import { teamDirectoryRoute } from '@corridor/protocol';
import { changeWorkflow, createCase, loadTeamKeyring, openCase, setUpTeam } from '@corridor/vault';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { english } from './pages/account-pages.ts';
import { verificationWordsEnglish } from './pages/rescue-pages.ts';
import { openCasePage, nodeSession as sessionOf, signedInPage } from './pages/staff-session.ts';
import { accessibilityViolations } from './support/axe.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

const words = {
  ...verificationWordsEnglish,
  evacuation: 'Evacuation',
  verificationRequired: 'The case must be verified',
  referrers: 'Referrers',
  referrerName: 'Name',
  addReferrer: 'Add referrer',
};

describe('verification by two members, in English', () => {
  const stage = useStage();
  const members: Record<string, RegisteredMember> = {};
  const title = 'Caller who says he was detained';
  let caseId = '';

  const nodeSession = (member: RegisteredMember) => sessionOf(stage.corridor, member);

  beforeAll(async () => {
    await initCrypto();
    members.admin = await registerMember(stage.corridor, 'admin', ['administrator']);
    members.nadia = await registerMember(stage.corridor, 'nadia', ['hotline_operator']);
    members.timur = await registerMember(stage.corridor, 'timur', ['case_coordinator']);
    const admin = await nodeSession(members.admin);
    const nadia = await nodeSession(members.nadia);
    const timur = await nodeSession(members.timur);
    const teamId = await setUpTeam(admin, 'Hotline', nadia, timur);
    const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    caseId = await createCase(nadia, directory, {
      title,
      riskLevel: 4,
      share: { general: [teamId], situation: [teamId] },
    });
    const open = async () => openCase(nadia, await loadTeamKeyring(nadia), caseId);
    await changeWorkflow(nadia, await open(), { stage: 'triage' });
    await changeWorkflow(nadia, await open(), { stage: 'verification' });
  });

  async function caseIn(handle: string): Promise<Page> {
    const member = members[handle] as RegisteredMember;
    const page = await signedInPage(stage.browser, stage.corridor, member, english);
    await openCasePage(page, caseId, title);
    return page;
  }

  it('takes a second member to verify; then the case moves to evacuation', {
    timeout: 120_000,
  }, async () => {
    const violations: string[] = [];
    const audit = async (page: Page) => violations.push(...(await accessibilityViolations(page)));
    const nadia = await caseIn('nadia');
    await audit(nadia);

    // Nadia proposes `verified`, by keyboard for the outcome.
    await nadia.getByRole('checkbox', { name: words.method }).check();
    await nadia.getByLabel(words.reason).fill('Video call: face and story match the referral');
    await nadia.getByLabel(words.outcome).focus();
    await nadia.getByLabel(words.outcome).selectOption({ label: words.proposeVerified });
    await nadia.getByRole('button', { name: words.record }).click();
    await expect
      .poll(() => nadia.getByText(words.cannotConfirmOwn, { exact: false }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    // She cannot confirm her own proposal: there is no button for it…
    expect(await nadia.getByRole('button', { name: words.confirm }).count()).toBe(0);
    await audit(nadia);
    // …and the server will not let the case move on.
    await nadia.getByLabel(words.moveTo).selectOption({ label: words.evacuation });
    await nadia.getByRole('button', { name: words.apply }).click();
    await expect
      .poll(
        () => nadia.getByRole('alert').filter({ hasText: words.verificationRequired }).count(),
        { timeout: 20_000 },
      )
      .toBe(1);

    // Timur, a second member, confirms and moves the case on.
    const timur = await caseIn('timur');
    await timur.getByLabel(words.confirmReason).fill('Watched the call recording with Nadia');
    await timur.getByRole('button', { name: words.confirm }).click();
    await expect
      .poll(() => timur.locator('.case-facts').textContent(), { timeout: 20_000 })
      .toContain(words.verified);
    await audit(timur);
    await timur.getByLabel(words.moveTo).selectOption({ label: words.evacuation });
    await timur.getByRole('button', { name: words.apply }).click();
    await expect
      .poll(() => timur.locator('.case-facts').textContent(), { timeout: 20_000 })
      .toContain(words.evacuation);

    // The outcome shows in the case list, and the registry of referrers opens.
    await timur.getByRole('link', { name: 'Cases', exact: true }).click();
    await expect
      .poll(() => timur.getByRole('cell', { name: words.verified, exact: true }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await audit(timur);
    await timur.getByRole('link', { name: words.referrers, exact: true }).click();
    await timur.getByLabel(words.referrerName).fill('Friends of the Argun group');
    await timur.getByRole('button', { name: words.addReferrer }).click();
    await expect
      .poll(() => timur.getByText('Friends of the Argun group', { exact: true }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await audit(timur);

    expect(violations).toEqual([]);
  });
});
