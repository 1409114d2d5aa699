// The hotline inbox in real Chromium, in English and Russian: a message arrives through
// the public form with JavaScript off; an operator sees it unread (in the navigation
// too), replies, and hands it to a colleague, who accepts it by keyboard and opens a
// case from it; the applicant reads the reply with their code, JavaScript still off.
// axe finds nothing on the inbox pages.
import { initCrypto } from '@corridor/crypto';
import {
  chooseHotlineTeam,
  createApiClient,
  ensureInboxKey,
  loadTeamKeyring,
  logIn,
  type MemberSession,
  setUpTeam,
} from '@corridor/vault';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountPages, english, russian } from './pages/account-pages.ts';
import { accessibilityViolations } from './support/axe.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

const stories = [
  {
    lang: 'en',
    account: english,
    first: 'Relatives took my phone. I am hiding at a friend’s place in Grozny.',
    reply: 'We read you. Write again tonight; do not keep this code on your phone.',
    title: 'Caller hiding in Grozny',
    words: {
      formSend: 'Send safely',
      formOpen: 'Open',
      navUnread: 'Inbox (1 unread)',
      newItem: /^Web form · new/,
      replyBy: 'Reply by Web form',
      send: 'Send reply',
      replySent: 'Reply sent.',
      handOverTo: 'Hand over to',
      handOver: 'Hand over',
      handedOver: 'Handed over.',
      navHanded: /^Inbox \(.*1 handed to you\)$/,
      offeredItem: /^Web form from nadia/,
      accept: 'Accept',
      accepted: 'Accepted.',
      owner: 'Owner: you',
      caseTitle: 'Working title of a new case (a pseudonym, not a name)',
      openCase: 'Open a new case from this conversation',
      caseOpened: 'A case is open and linked',
    },
  },
  {
    lang: 'ru',
    account: russian,
    first: 'Родственники забрали мой телефон. Я прячусь у подруги в Грозном.',
    reply: 'Мы вас читаем. Напишите снова вечером; не храните этот код в телефоне.',
    title: 'Заявительница из Грозного',
    words: {
      formSend: 'Отправить безопасно',
      formOpen: 'Открыть',
      navUnread: 'Входящие (1 непрочитанное)',
      newItem: /^Веб-форма · новая/,
      replyBy: 'Ответить через: Веб-форма',
      send: 'Отправить ответ',
      replySent: 'Ответ отправлен.',
      handOverTo: 'Передать',
      handOver: 'Передать',
      handedOver: 'Передано.',
      navHanded: /^Входящие \(.*1 передана вам\)$/,
      offeredItem: /^Веб-форма от nadia/,
      accept: 'Принять',
      accepted: 'Принято.',
      owner: 'Ведёт: вы',
      caseTitle: 'Рабочее название нового дела (псевдоним, не имя)',
      openCase: 'Открыть новое дело по этой переписке',
      caseOpened: 'Дело открыто и связано',
    },
  },
];

describe('the hotline inbox in Chromium', () => {
  const stage = useStage();
  const members: Record<string, RegisteredMember> = {};

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
    members.admin = await registerMember(stage.corridor, 'admin', ['administrator']);
    members.nadia = await registerMember(stage.corridor, 'nadia', ['hotline_operator']);
    members.timur = await registerMember(stage.corridor, 'timur', ['hotline_operator']);
    const admin = await nodeSession(members.admin);
    const nadia = await nodeSession(members.nadia);
    const timur = await nodeSession(members.timur);
    const teamId = await setUpTeam(admin, 'Hotline', nadia, timur);
    await chooseHotlineTeam(admin, teamId);
    expect(await ensureInboxKey(nadia, await loadTeamKeyring(nadia))).toBe(true);
  });

  async function applicant<T>(lang: string, run: (page: Page) => Promise<T>): Promise<T> {
    const context = await stage.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(new URL(`/?lang=${lang}`, stage.corridor.server.publicUrl).toString());
      return await run(page);
    } finally {
      await context.close();
    }
  }

  async function inboxOf(
    handle: string,
    account: typeof english,
  ): Promise<{ page: Page; context: BrowserContext }> {
    const member = members[handle] as RegisteredMember;
    const context = await stage.browser.newContext({ locale: account.locale });
    const page = await context.newPage();
    await page.goto(`${stage.corridor.server.staffOrigin}/`);
    await new AccountPages(page, account).logIn(
      member.handle,
      member.password,
      member.backupCodes.pop() ?? '',
    );
    await expect.poll(() => page.getByText(account.welcome).count(), { timeout: 20_000 }).toBe(1);
    // In-app navigation: a reload would end the session kept in memory.
    await page.evaluate(() => {
      window.location.hash = '#/inbox';
    });
    return { page, context };
  }

  const status = (page: Page) => page.getByRole('status').first().textContent();

  it.each(stories)(
    '($lang) from the public form to a case, by two operators',
    {
      timeout: 180_000,
    },
    async (story) => {
      const w = story.words;
      const violations: string[] = [];
      const audit = async (page: Page) => violations.push(...(await accessibilityViolations(page)));

      // 1. The applicant writes, JavaScript off, and keeps the code.
      const code = await applicant(story.lang, async (page) => {
        await page.getByRole('textbox').fill(story.first);
        await page.getByRole('button', { name: w.formSend }).click();
        return (await page.locator('#receipt-code').textContent()) ?? '';
      });
      expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);

      // 2. Nadia sees it unread, in the navigation and the list, opens it and replies.
      const nadia = await inboxOf('nadia', story.account);
      const n = nadia.page;
      await expect
        .poll(() => n.getByRole('link', { name: w.navUnread }).count(), { timeout: 20_000 })
        .toBe(1);
      await n.getByRole('button', { name: w.newItem }).click();
      await expect.poll(() => n.getByText(story.first).count(), { timeout: 20_000 }).toBe(1);
      await audit(n);
      await n.getByLabel(w.replyBy).fill(story.reply);
      await n.getByRole('button', { name: w.send }).click();
      await expect.poll(() => status(n), { timeout: 20_000 }).toContain(w.replySent);

      // 3. She hands it to Timur, choosing him by keyboard.
      const choice = n.getByLabel(w.handOverTo, { exact: true });
      await choice.focus();
      await choice.selectOption({ label: 'timur' });
      await n.getByRole('button', { name: w.handOver, exact: true }).press('Enter');
      await expect.poll(() => status(n), { timeout: 20_000 }).toContain(w.handedOver);
      await audit(n);
      await nadia.context.close();

      // 4. Timur sees it handed to him, accepts by keyboard, and opens a case from it.
      const timur = await inboxOf('timur', story.account);
      const tp = timur.page;
      await expect
        .poll(() => tp.getByRole('link', { name: w.navHanded }).count(), {
          timeout: 20_000,
        })
        .toBe(1);
      await tp.getByRole('button', { name: w.offeredItem }).click();
      await expect.poll(() => tp.getByText(story.reply).count(), { timeout: 20_000 }).toBe(1);
      await audit(tp);
      await tp.getByRole('button', { name: w.accept, exact: true }).press('Enter');
      await expect.poll(() => status(tp), { timeout: 20_000 }).toContain(w.accepted);
      await expect.poll(() => tp.getByText(w.owner).count(), { timeout: 20_000 }).toBe(1);
      await tp.getByLabel(w.caseTitle).fill(story.title);
      await tp.getByRole('button', { name: w.openCase }).click();
      await expect.poll(() => status(tp), { timeout: 30_000 }).toContain(w.caseOpened);
      await audit(tp);
      await timur.context.close();

      // 5. The applicant comes back with the code, JavaScript off, and reads the reply.
      await applicant(story.lang, async (page) => {
        await page.goto(
          new URL(`/follow-up?lang=${story.lang}`, stage.corridor.server.publicUrl).toString(),
        );
        await page.getByRole('textbox').fill(code);
        await page.getByRole('button', { name: w.formOpen }).click();
        await expect.poll(() => page.getByText(story.reply).count()).toBe(1);
        expect(await page.getByText(story.first).count()).toBe(0);
      });
      expect(violations).toEqual([]);
    },
  );
});
