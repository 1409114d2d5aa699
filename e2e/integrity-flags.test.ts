// What a member sees when a record was not made the way the app makes it, in real
// Chromium, in English and Russian: an evacuation plan appended by hand with a
// cross-border leg departed without its documents is flagged on the case page; a
// partner whose key was swapped in the server's database is flagged on the Partners page
// and in the referral form, while an honest partner's key fingerprint shows there. axe
// finds nothing.
import { generateBoxKeyPair, initCrypto, keyFingerprint, toBase64 } from '@corridor/crypto';
import { teamDirectoryRoute } from '@corridor/protocol';
import {
  appendToCase,
  createCase,
  createPartner,
  defaultChecklist,
  evacuationPlan,
  loadTeamKeyring,
  openCase,
  saveEvacuationPlan,
  setUpTeam,
} from '@corridor/vault';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { english, russian } from './pages/account-pages.ts';
import {
  goTo,
  openCasePage,
  nodeSession as sessionOf,
  signedInPage,
} from './pages/staff-session.ts';
import { accessibilityViolations } from './support/axe.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

const stories = [
  {
    words: english,
    planFlag: 'Some statuses in this plan were not set the way the app sets them',
    legFlag: 'was marked departed with a required document missing and no override',
    partnerFlag: 'are not what an administrator signed',
    fingerprint: 'Key fingerprint:',
  },
  {
    words: russian,
    planFlag: 'Некоторые статусы в этом плане выставлены не так, как их выставляет приложение',
    legFlag: 'отмечен отправленным без обязательного документа',
    partnerFlag: 'не совпадают с тем, что подписал администратор',
    fingerprint: 'Отпечаток ключа:',
  },
];

describe.each(stories)('integrity flags, in $words.locale', (story) => {
  const stage = useStage();
  const members: Record<string, RegisteredMember> = {};
  const title = 'Evacuation via Minsk';
  let caseId = '';
  let honestId = '';
  let swappedId = '';
  let honestPrint = '';

  beforeAll(async () => {
    await initCrypto();
    members.admin = await registerMember(stage.corridor, 'admin', ['administrator']);
    members.nadia = await registerMember(stage.corridor, 'nadia', ['case_coordinator']);
    const admin = await sessionOf(stage.corridor, members.admin);
    const nadia = await sessionOf(stage.corridor, members.nadia);
    const teamId = await setUpTeam(admin, 'Coordination', nadia);
    const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
    caseId = await createCase(nadia, directory, {
      title,
      riskLevel: 5,
      share: { general: [teamId], location: [teamId] },
    });
    const open = async () => openCase(nadia, await loadTeamKeyring(nadia), caseId);
    const checklist = defaultChecklist().map((item) =>
      item.kind === 'passport' ? { ...item, required: true } : item,
    );
    await saveEvacuationPlan(nadia, await open(), {
      legs: [
        {
          from: 'Moscow',
          to: 'Minsk',
          transport: 'Bus',
          departureAt: '2026-12-02T08:00:00.000Z',
          arrivalAt: '2026-12-02T20:00:00.000Z',
          escortId: null,
          coverStory: '',
          documents: '',
          money: null,
          leavesCountry: true,
        },
      ],
      checklist,
    });
    // A plan no browser of the app writes: departed across the border, passport missing.
    const view = await open();
    const plan = evacuationPlan(view);
    await appendToCase(nadia, view, 'location', 'evacuation.updated', {
      legs: plan.legs.map((leg) => ({
        ...leg,
        status: 'departed',
        statusBy: nadia.account.id,
        statusAt: new Date().toISOString(),
      })),
      checklist: plan.checklist,
    });

    const honestKey = generateBoxKeyPair().publicKey;
    honestPrint = keyFingerprint(honestKey);
    honestId = (
      await createPartner(admin, {
        name: 'Haven Berlin',
        country: 'DE',
        publicKey: toBase64(honestKey),
        notificationEmail: null,
      })
    ).id;
    swappedId = (
      await createPartner(admin, {
        name: 'Swapped Vienna',
        country: 'AT',
        publicKey: toBase64(generateBoxKeyPair().publicKey),
        notificationEmail: null,
      })
    ).id;
    await stage.corridor.server.storage.db
      .updateTable('partner')
      .set({ public_key: toBase64(generateBoxKeyPair().publicKey) })
      .where('id', '=', swappedId)
      .execute();
  });

  const signedIn = (handle: string) =>
    signedInPage(stage.browser, stage.corridor, members[handle] as RegisteredMember, story.words);
  const shows = (page: Page, text: string) =>
    expect.poll(() => page.getByText(text, { exact: false }).count(), { timeout: 20_000 });

  it('flags a hand-made plan and a swapped partner key; shows the honest key’s fingerprint', {
    timeout: 120_000,
  }, async () => {
    const violations: string[] = [];
    const nadia = await signedIn('nadia');
    await openCasePage(nadia, caseId, title);
    await shows(nadia, story.planFlag).toBe(1);
    expect(await nadia.getByRole('alert').filter({ hasText: story.planFlag }).count()).toBe(1);
    const leg = nadia.getByTestId('evacuation-leg');
    expect(await leg.getByTestId('leg-problem').textContent()).toContain(story.legFlag);

    // The referral form: the honest partner's fingerprint; the swapped one flagged.
    const partnerChoice = nadia.locator('select[name="partner"]');
    await expect.poll(() => partnerChoice.count(), { timeout: 20_000 }).toBe(1);
    await partnerChoice.selectOption(honestId);
    await shows(nadia, honestPrint).toBe(1);
    violations.push(...(await accessibilityViolations(nadia)));
    await partnerChoice.selectOption(swappedId);
    await shows(nadia, story.partnerFlag).toBe(1);
    violations.push(...(await accessibilityViolations(nadia)));
    await nadia.context().close();

    // The Partners page, as the administrator sees it.
    const admin = await signedIn('admin');
    await goTo(admin, '#/partners');
    await shows(admin, honestPrint).toBe(1);
    await shows(admin, story.partnerFlag).toBe(1);
    expect(await admin.getByText(story.fingerprint).count()).toBe(2);
    violations.push(...(await accessibilityViolations(admin)));
    await admin.context().close();
    expect(violations).toEqual([]);
  });
});
