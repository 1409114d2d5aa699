// Relocation and a partner referral in real Chromium, in English and Russian: the
// administrator registers a partner with its public key on the Partners page; a
// coordinator starts the case's relocation with a destination, then makes a referral to
// the partner sharing two chosen fields (consent given, sealed to the partner's key) and
// downloads the package, which opens with the partner's secret key and holds exactly
// those two fields. The referral shows as sent. axe finds nothing.
import { generateBoxKeyPair, initCrypto, toBase64 } from '@corridor/crypto';
import { teamDirectoryRoute } from '@corridor/protocol';
import { createCase, openReferralPackage, setUpTeam } from '@corridor/vault';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { english, russian } from './pages/account-pages.ts';
import { relocationWordsEnglish, relocationWordsRussian } from './pages/rescue-pages.ts';
import { openCasePage, nodeSession as sessionOf, signedInPage } from './pages/staff-session.ts';
import { accessibilityViolations } from './support/axe.ts';
import { downloadedBytes } from './support/download.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

const stories = [
  { words: english, story: relocationWordsEnglish },
  { words: russian, story: relocationWordsRussian },
];

describe.each(stories)(
  'relocation and a partner referral, in $words.locale',
  ({ words, story }) => {
    const stage = useStage();
    const members: Record<string, RegisteredMember> = {};
    const title = 'Relocation to Germany';
    const partnerKeys = { pair: undefined as unknown as ReturnType<typeof generateBoxKeyPair> };
    let caseId = '';

    const nodeSession = (member: RegisteredMember) => sessionOf(stage.corridor, member);

    beforeAll(async () => {
      await initCrypto();
      partnerKeys.pair = generateBoxKeyPair();
      members.admin = await registerMember(stage.corridor, 'admin', ['administrator']);
      members.nadia = await registerMember(stage.corridor, 'nadia', ['case_coordinator']);
      const admin = await nodeSession(members.admin);
      const nadia = await nodeSession(members.nadia);
      const teamId = await setUpTeam(admin, 'Coordination', nadia);
      const directory = (await nadia.api.call(teamDirectoryRoute)).teams;
      caseId = await createCase(nadia, directory, {
        title,
        riskLevel: 4,
        share: { general: [teamId], identity: [teamId], situation: [teamId], location: [teamId] },
        details: {
          identity: { name: 'Aslan Dudayev', phone: '+7 928 000 00 00' },
          situation: { needs: 'medical care for a broken arm' },
        },
      });
    });

    const signedIn = (handle: string) =>
      signedInPage(stage.browser, stage.corridor, members[handle] as RegisteredMember, words, {
        acceptDownloads: true,
      });

    it('starts a relocation and downloads a sealed referral of two chosen fields', {
      timeout: 180_000,
    }, async () => {
      const violations: string[] = [];
      const audit = async (page: Page) => violations.push(...(await accessibilityViolations(page)));

      // The administrator registers the partner with its public key.
      const admin = await signedIn('admin');
      await admin.getByRole('link', { name: story.partnersNav, exact: true }).click();
      await admin.getByLabel(story.partnerName, { exact: true }).fill('Haven Berlin');
      await admin.getByLabel(story.partnerCountry, { exact: true }).fill('DE');
      await admin
        .getByLabel(story.partnerKey, { exact: true })
        .fill(toBase64(partnerKeys.pair.publicKey));
      await admin.getByRole('button', { name: story.register }).click();
      await expect
        .poll(() => admin.getByRole('status').filter({ hasText: story.registered }).count(), {
          timeout: 20_000,
        })
        .toBe(1);
      await audit(admin);
      await admin.context().close();

      // The coordinator starts the relocation with a destination.
      const nadia = await signedIn('nadia');
      await openCasePage(nadia, caseId, title);
      const relocation = nadia.getByRole('region', { name: story.relocation, exact: true });
      await relocation.getByRole('button', { name: story.start }).click();
      await relocation.getByLabel(story.country, { exact: true }).fill('DE');
      await relocation.getByLabel(story.city, { exact: true }).fill('Hamburg');
      await relocation.getByLabel(story.route, { exact: true }).selectOption('asylum');
      await relocation.getByRole('button', { name: story.save }).click();
      await expect
        .poll(() => relocation.getByText('DE, Hamburg').count(), { timeout: 20_000 })
        .toBe(1);
      expect(await relocation.getByText(story.asylum).count()).toBeGreaterThan(0);
      await audit(nadia);

      // A referral of two chosen fields, with consent, sealed to the partner's key.
      const referrals = nadia.getByRole('region', { name: story.referrals, exact: true });
      await expect
        .poll(() => referrals.getByRole('combobox', { name: story.partner }).count(), {
          timeout: 20_000,
        })
        .toBe(1);
      await referrals
        .getByRole('combobox', { name: story.partner })
        .selectOption({ label: 'Haven Berlin (DE)' });
      const boxes = referrals.getByRole('checkbox');
      for (let i = 0; i < (await boxes.count()); i++) {
        expect(await boxes.nth(i).isChecked()).toBe(false);
      }
      await referrals.getByRole('checkbox', { name: /Aslan Dudayev/ }).check();
      await referrals.getByRole('checkbox', { name: /Hamburg/ }).check();
      await referrals.getByLabel(story.consentHow, { exact: true }).fill('agreed on a call today');
      await audit(nadia);
      const file = await downloadedBytes(nadia, () =>
        referrals.getByRole('button', { name: story.make }).click(),
      );
      expect(file.length).toBeGreaterThan(100);
      const pkg = openReferralPackage(file, { keyPair: partnerKeys.pair });
      expect(Object.keys(pkg.fields).sort()).toEqual(['identity.name', 'relocation.summary']);
      expect(pkg.fields['identity.name']).toBe('Aslan Dudayev');
      await expect
        .poll(() => referrals.getByRole('cell', { name: story.sent, exact: true }).count(), {
          timeout: 20_000,
        })
        .toBe(1);
      await audit(nadia);
      await nadia.context().close();

      expect(violations).toEqual([]);
    });
  },
);
