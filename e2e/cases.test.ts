import { initCrypto } from '@corridor/crypto';
import { createApiClient, logIn, type MemberSession, setUpTeam } from '@corridor/vault';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountPages, english, russian } from './pages/account-pages.ts';
import { caseWordsEnglish, caseWordsRussian, heading } from './pages/case-pages.ts';
import { accessibilityViolations } from './support/axe.ts';
import { downloadedBytes } from './support/download.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

const stories = [
  { words: english, caseWords: caseWordsEnglish },
  { words: russian, caseWords: caseWordsRussian },
];

describe.each(stories)(
  'a case from first call to revoked access, in $words.locale',
  ({ words, caseWords }) => {
    const stage = useStage();
    const members: Record<string, RegisteredMember> = {};
    const title = words === english ? 'Caller from the bus station' : 'Звонок с автовокзала';

    async function nodeSession(member: RegisteredMember): Promise<MemberSession> {
      return logIn(createApiClient({ baseUrl: stage.corridor.server.staffUrl }), {
        handle: member.handle,
        password: member.password,
        secondFactor: { backupCode: member.backupCodes.pop() ?? '' },
        deviceLabel: 'setup',
      });
    }

    async function makeTeam(admin: MemberSession, name: string, first: string, others: string[]) {
      const firstSession = await nodeSession(members[first] as RegisteredMember);
      const otherSessions: MemberSession[] = [];
      for (const other of others) {
        otherSessions.push(await nodeSession(members[other] as RegisteredMember));
      }
      await setUpTeam(admin, name, firstSession, ...otherSessions);
    }

    beforeAll(async () => {
      await initCrypto();
      members.admin = await registerMember(stage.corridor, 'admin', ['administrator']);
      members.nadia = await registerMember(stage.corridor, 'nadia', ['hotline_operator']);
      members.timur = await registerMember(stage.corridor, 'timur', ['case_coordinator']);
      members.dasha = await registerMember(stage.corridor, 'dasha', ['documentation']);
      const admin = await nodeSession(members.admin);
      await makeTeam(admin, 'Hotline', 'nadia', ['timur']);
      await makeTeam(admin, 'Documentation', 'dasha', []);
    });

    async function browserFor(browser: Browser, handle: string): Promise<Page> {
      const member = members[handle] as RegisteredMember;
      const context = await browser.newContext({ locale: words.locale });
      const page = await context.newPage();
      await page.goto(`${stage.corridor.server.staffOrigin}/`);
      await new AccountPages(page, words).logIn(
        member.handle,
        member.password,
        member.backupCodes[0] ?? '',
      );
      await expect.poll(() => page.getByText(words.welcome).count(), { timeout: 20_000 }).toBe(1);
      return page;
    }

    it('is opened, noted, taken over, edited at once, shared and unshared; axe finds nothing', {
      timeout: 120_000,
    }, async () => {
      const violations: string[] = [];
      const audit = async (page: Page) => violations.push(...(await accessibilityViolations(page)));
      const nadia = await browserFor(stage.browser, 'nadia');
      const timur = await browserFor(stage.browser, 'timur');
      const dasha = await browserFor(stage.browser, 'dasha');

      // The operator opens a case; testimony also goes to Documentation.
      await nadia.getByRole('link', { name: caseWords.cases, exact: true }).click();
      await nadia.getByRole('link', { name: caseWords.newCase }).click();
      await expect.poll(() => heading(nadia).textContent()).toBe(caseWords.newCaseHeading);
      await expect
        .poll(() => nadia.getByRole('checkbox').count(), { timeout: 20_000 })
        .toBeGreaterThan(5);
      await audit(nadia);
      await nadia.getByLabel(caseWords.title).fill(title);
      await nadia.getByLabel(caseWords.name, { exact: true }).fill('Ибрагим Мусаев');
      await nadia.getByLabel(caseWords.phone).fill('+7 928 555 01 77');
      await nadia.getByLabel(caseWords.statement, { exact: true }).fill('Меня задержали 14 марта.');
      await nadia.getByLabel(caseWords.shareTestimony('Documentation')).check();
      await nadia.getByRole('button', { name: caseWords.open }).click();
      await expect.poll(() => heading(nadia).textContent(), { timeout: 20_000 }).toBe(title);
      await audit(nadia);
      await nadia.getByLabel(caseWords.newNote).fill('Needs a doctor');
      // She mentions the coordinator: the server learns whom, not what.
      await nadia
        .getByRole('group', { name: caseWords.mention })
        .getByRole('checkbox', { name: 'timur' })
        .check();
      await nadia.getByRole('button', { name: caseWords.addNote }).click();
      await expect
        .poll(() => nadia.getByText('Needs a doctor').count(), { timeout: 20_000 })
        .toBe(1);
      await expect
        .poll(() => nadia.getByText(caseWords.mentioned('timur')).count(), { timeout: 20_000 })
        .toBeGreaterThan(0);
      const caseUrl = nadia.url();
      // A task with a due date: the server knows when, not what.
      await nadia.getByLabel(caseWords.newTask).fill('Find a doctor in Kazan');
      await nadia.getByLabel(caseWords.due, { exact: true }).fill('2030-01-15T10:00');
      await nadia.getByRole('button', { name: caseWords.addTask }).click();
      await expect
        .poll(
          () =>
            nadia
              .getByRole('button', { name: caseWords.taskDone('Find a doctor in Kazan') })
              .count(),
          {
            timeout: 20_000,
          },
        )
        .toBe(1);
      // A file, encrypted in her browser and sent in pieces.
      await nadia.getByLabel(caseWords.file, { exact: true }).setInputFiles({
        name: 'spravka.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Справка из больницы № 7 (вымышленная)'),
      });
      await nadia.getByRole('button', { name: caseWords.attach }).click();
      await expect
        .poll(
          () => nadia.getByRole('button', { name: caseWords.download('spravka.txt') }).count(),
          {
            timeout: 20_000,
          },
        )
        .toBe(1);

      // The coordinator sees he was mentioned, and goes from the mention to the case.
      await timur.getByRole('link', { name: caseWords.mentions, exact: true }).click();
      await expect
        .poll(() => timur.getByRole('link', { name: caseWords.mentionsUnread(1) }).count(), {
          timeout: 20_000,
        })
        .toBe(1);
      await expect
        .poll(() => timur.getByRole('link', { name: caseWords.mentionedYou('nadia') }).count(), {
          timeout: 20_000,
        })
        .toBe(1);
      await audit(timur);
      await timur.getByRole('link', { name: caseWords.mentionedYou('nadia') }).click();
      await expect.poll(() => heading(timur).textContent(), { timeout: 20_000 }).toBe(title);
      await expect
        .poll(() => timur.getByRole('link', { name: caseWords.mentions, exact: true }).count(), {
          timeout: 20_000,
        })
        .toBe(1);

      // The coordinator finds it in the list and takes it over.
      await timur.keyboard.press('c'); // the shortcut to the case list
      // Searched in his browser, in Russian, by a form of the name the case does not hold.
      await timur.keyboard.press('/');
      await timur.keyboard.type('Ибрагима');
      await expect
        .poll(() => timur.getByRole('link', { name: title }).count(), { timeout: 20_000 })
        .toBe(1);
      await timur.getByLabel(caseWords.search).fill('Шамиль');
      await expect.poll(() => timur.getByText(caseWords.noHits).count()).toBe(1);
      await timur.getByLabel(caseWords.search).fill('');
      await timur.getByRole('link', { name: title }).click();
      await expect.poll(() => heading(timur).textContent(), { timeout: 20_000 }).toBe(title);
      await timur.getByLabel(caseWords.moveTo).selectOption({ label: caseWords.triage });
      await timur.getByLabel(caseWords.assignToMe).check();
      await timur.getByRole('button', { name: caseWords.apply }).click();
      await expect
        .poll(() => timur.locator('.case-facts').textContent(), { timeout: 20_000 })
        .toContain('timur');
      await audit(timur);
      const saved = await downloadedBytes(timur, () =>
        timur.getByRole('button', { name: caseWords.download('spravka.txt') }).click(),
      );
      expect(new TextDecoder().decode(saved)).toBe('Справка из больницы № 7 (вымышленная)');

      // Nadia still sees the old version: her note conflicts, and is applied again.
      await nadia.getByLabel(caseWords.newNote).fill('Called back at 18:00');
      await nadia.getByRole('button', { name: caseWords.addNote }).click();
      await expect
        .poll(() => nadia.getByRole('alert').filter({ hasText: caseWords.conflict }).count(), {
          timeout: 20_000,
        })
        .toBe(1);
      await audit(nadia);
      await nadia.getByRole('button', { name: caseWords.reapply }).click();
      await expect
        .poll(() => nadia.getByText('Called back at 18:00').count(), { timeout: 20_000 })
        .toBe(1);
      await expect.poll(() => nadia.locator('.case-facts').textContent()).toContain('timur');

      // Documentation reads the testimony, then loses it.
      await dasha.goto(caseUrl);
      await expect
        .poll(() => dasha.getByText('Меня задержали 14 марта.').count(), { timeout: 20_000 })
        .toBe(1);
      await audit(dasha);
      nadia.once('dialog', (dialog) => void dialog.accept());
      await nadia.getByRole('button', { name: caseWords.revokeTestimony('Documentation') }).click();
      await expect
        .poll(
          () =>
            nadia.getByRole('button', { name: caseWords.revokeTestimony('Documentation') }).count(),
          {
            timeout: 20_000,
          },
        )
        .toBe(0);
      await nadia.getByRole('button', { name: caseWords.editTestimony }).click();
      await nadia
        .getByLabel(caseWords.statement, { exact: true })
        .fill('Меня задержали 14 марта. Есть свидетель.');
      await nadia.getByRole('button', { name: caseWords.save }).click();
      await expect
        .poll(() => nadia.getByText('Есть свидетель.', { exact: false }).count(), {
          timeout: 20_000,
        })
        .toBe(1);
      // Her browser keeps its session (a reload would log her out): back to the list and in again.
      await dasha.getByRole('link', { name: caseWords.cases, exact: true }).click();
      await expect
        .poll(() => dasha.getByText(caseWords.noCases).count(), { timeout: 20_000 })
        .toBe(1);
      await dasha.evaluate((url) => {
        window.location.hash = new URL(url).hash;
      }, caseUrl);
      await expect
        .poll(() => dasha.getByRole('alert').textContent(), { timeout: 20_000 })
        .toBe(caseWords.notFound);
      expect(await dasha.getByText('Есть свидетель.', { exact: false }).count()).toBe(0);

      // Someone walks in: Esc three times and Corridor is gone from the screen.
      await timur.keyboard.press('Escape');
      await timur.keyboard.press('Escape');
      await timur.keyboard.press('Escape');
      await expect.poll(() => timur.url()).toBe('about:blank');

      expect(violations).toEqual([]);
    });
  },
);
