// Shelters in real Chromium: a shelter team member adds a shelter with its address; a
// coordinator asks to place a verified case; the shelter member accepts into a bed; the
// coordinator reads the address on the case while the shelters page shows her only the
// occupancy (1 of 3) — in English and in Russian; axe finds nothing.
import { initCrypto } from '@corridor/crypto';
import { listTeamsRoute, teamDirectoryRoute } from '@corridor/protocol';
import {
  addTeamMember,
  changeWorkflow,
  confirmVerified,
  createCase,
  loadTeamKeyring,
  type MemberSession,
  openCase,
  proposeVerified,
  setUpTeam,
} from '@corridor/vault';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { english } from './pages/account-pages.ts';
import { heading } from './pages/case-pages.ts';
import { shelterWordsEnglish as sw } from './pages/rescue-pages.ts';
import { goTo as go, nodeSession as sessionOf, signedInPage } from './pages/staff-session.ts';
import { accessibilityViolations } from './support/axe.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

const address = 'ul. Lesnaya 5, kv. 12, Tver';
const rules = 'No visitors; phones off at the door';

describe('a shelter placement, in English and Russian', () => {
  const stage = useStage();
  const members: Record<string, RegisteredMember> = {};
  const title = 'Young man hiding from his family';
  let caseId = '';

  const nodeSession = (member: RegisteredMember) => sessionOf(stage.corridor, member);

  beforeAll(async () => {
    await initCrypto();
    members.admin = await registerMember(stage.corridor, 'admin', ['administrator']);
    members.nadia = await registerMember(stage.corridor, 'nadia', ['case_coordinator']);
    members.timur = await registerMember(stage.corridor, 'timur', ['case_coordinator']);
    members.alina = await registerMember(stage.corridor, 'alina', ['shelter_coordinator']);
    const admin = await nodeSession(members.admin);
    const nadia = await nodeSession(members.nadia);
    const timur = await nodeSession(members.timur);
    const alina = await nodeSession(members.alina);
    const hotline = await setUpTeam(admin, 'Coordination', nadia);
    const team = (await nadia.api.call(listTeamsRoute)).teams.find((t) => t.id === hotline);
    if (!team) throw new Error('no team');
    await addTeamMember(nadia, team, timur.account.id);
    await setUpTeam(admin, 'Shelter team', alina);
    const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    caseId = await createCase(nadia, directory, {
      title,
      riskLevel: 4,
      share: { general: [hotline], situation: [hotline], location: [hotline] },
    });
    const open = async (member: MemberSession) =>
      openCase(member, await loadTeamKeyring(member), caseId);
    await changeWorkflow(nadia, await open(nadia), { stage: 'triage' });
    await changeWorkflow(nadia, await open(nadia), { stage: 'verification' });
    // Verified by two members (the browser story of it is e2e/verification.test.ts).
    await proposeVerified(nadia, await open(nadia), {
      methods: ['video_call'],
      reason: 'Face and story match the referral',
    });
    await confirmVerified(timur, await open(timur), 'Watched the recording');
  });

  const signedIn = (handle: string) =>
    signedInPage(stage.browser, stage.corridor, members[handle] as RegisteredMember, english);

  const shows = (page: Page, text: string) =>
    expect.poll(() => page.getByText(text, { exact: false }).count(), { timeout: 20_000 });

  it('places a verified case in a bed and shows the address to its coordinator only', {
    timeout: 180_000,
  }, async () => {
    const violations: string[] = [];
    const audit = async (page: Page) => violations.push(...(await accessibilityViolations(page)));

    // Alina, of the shelter team, adds a shelter with its address and three beds.
    const alina = await signedIn('alina');
    await alina.getByRole('link', { name: sw.nav, exact: true }).click();
    const add = alina.getByRole('region', { name: sw.add });
    await add.getByLabel(sw.code).fill('Birch House');
    await add.getByLabel(sw.address).fill(address);
    await add.getByLabel(sw.rules).fill(rules);
    await add.getByLabel(sw.keeper).fill('Olga, Signal');
    await add.getByLabel(sw.beds, { exact: true }).fill('1A\n1B\n2A');
    await add.getByRole('button', { name: sw.addButton }).click();
    await shows(alina, sw.added).toBe(1);
    await expect
      .poll(() => alina.locator('dd').filter({ hasText: address }).count(), { timeout: 20_000 })
      .toBe(1);
    await audit(alina);

    // Nadia asks for a placement on the case page.
    const nadia = await signedIn('nadia');
    await go(nadia, `#/cases/${caseId}`);
    await expect.poll(() => heading(nadia).textContent(), { timeout: 20_000 }).toBe(title);
    const panel = nadia.getByRole('region', { name: sw.panel });
    await expect.poll(() => panel.getByLabel(sw.shelter).count(), { timeout: 20_000 }).toBe(1);
    await panel.getByLabel(sw.shelter).focus();
    await panel.getByRole('button', { name: sw.request }).click();
    await shows(nadia, sw.requested).toBe(1);
    await shows(nadia, 'Birch House').toBeGreaterThan(0);
    await audit(nadia);

    // Alina accepts it into bed 1B, by keyboard for the bed.
    await go(alina, '#/shelters');
    const bed = alina.getByLabel(sw.bedFor(caseId.slice(0, 6)));
    await expect.poll(() => bed.count(), { timeout: 20_000 }).toBe(1);
    await bed.focus();
    await bed.selectOption({ label: sw.freeBed('1B') });
    await alina.getByRole('button', { name: sw.accept, exact: true }).click();
    await shows(alina, sw.accepted).toBe(1);
    await audit(alina);

    // Nadia reads where to bring him on the case.
    await go(nadia, `#/cases/${caseId}`);
    await shows(nadia, address).toBe(1);
    await shows(nadia, rules).toBe(1);
    await shows(nadia, sw.bedLine('1B')).toBe(1);
    await audit(nadia);
    // On the shelters page she sees occupancy, never the address.
    await go(nadia, '#/shelters');
    await expect
      .poll(() => nadia.getByRole('cell', { name: '1 of 3 beds taken' }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await shows(nadia, 'In all: 1 of 3 beds taken, 2 free.').toBe(1);
    expect(await nadia.getByText(address).count()).toBe(0);
    expect(await nadia.getByRole('region', { name: 'Add a shelter' }).count()).toBe(0);
    await audit(nadia);

    // In Russian.
    await nadia.getByRole('button', { name: 'Русский' }).click();
    await expect
      .poll(() => nadia.getByRole('cell', { name: 'занято 1 из 3 мест' }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await expect
      .poll(() => nadia.getByRole('heading', { name: 'Убежища' }).count(), { timeout: 20_000 })
      .toBe(1);
    await audit(nadia);
    await go(nadia, `#/cases/${caseId}`);
    await expect
      .poll(() => nadia.getByRole('heading', { name: 'Размещение в убежище' }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await shows(nadia, address).toBe(1);
    await shows(nadia, 'Принято').toBeGreaterThan(0);
    await audit(nadia);
    await alina.getByRole('button', { name: 'Русский' }).click();
    await go(alina, '#/shelters');
    await shows(alina, 'Запросы на размещение и проживание').toBe(1);
    await audit(alina);

    expect(violations).toEqual([]);
  });
});
