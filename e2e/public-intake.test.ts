import { initCrypto } from '@corridor/crypto';
import {
  chooseHotlineTeam,
  createApiClient,
  ensureInboxKey,
  getInbox,
  listConversations,
  loadTeamKeyring,
  logIn,
  type MemberSession,
  openConversation,
  openInboxKeys,
  replyToConversation,
  setUpTeam,
} from '@corridor/vault';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

describe('the public intake page in Chromium', () => {
  const stage = useStage();

  async function withPage(
    options: { javaScriptEnabled: boolean; locale: string },
    run: (context: BrowserContext) => Promise<void>,
  ) {
    const context = await stage.browser.newContext(options);
    try {
      await run(context);
    } finally {
      await context.close();
    }
  }

  it('works with JavaScript off, in English and Russian, and axe finds nothing', async () => {
    await withPage({ javaScriptEnabled: false, locale: 'en-GB' }, async (context) => {
      const page = await context.newPage();
      const response = await page.goto(stage.corridor.server.publicUrl);
      expect(response?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Ask for help safely',
      );
      expect(await page.getByRole('link', { name: 'Quick exit' }).getAttribute('href')).toMatch(
        /^https:\/\//,
      );

      await page.getByRole('link', { name: 'Русский' }).click();
      expect(await page.locator('html').getAttribute('lang')).toBe('ru');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Попросите о помощи безопасно',
      );
    });
    // axe runs as a script in the page, so the audit itself needs JavaScript on.
    for (const path of ['/?lang=en', '/?lang=ru']) {
      await withPage({ javaScriptEnabled: true, locale: 'en-GB' }, async (context) => {
        const page = await context.newPage();
        await page.goto(new URL(path, stage.corridor.server.publicUrl).toString());
        expect(await accessibilityViolations(page)).toEqual([]);
      });
    }
  });

  it('loads nothing from anywhere else and stays under 15 KB', async () => {
    await withPage({ javaScriptEnabled: false, locale: 'ru-RU' }, async (context) => {
      const page = await context.newPage();
      const origins = new Set<string>();
      let bytes = 0;
      page.on('response', async (response) => {
        origins.add(new URL(response.url()).origin);
        bytes += (await response.body()).byteLength;
      });
      await page.goto(stage.corridor.server.publicUrl, { waitUntil: 'networkidle' });
      expect([...origins]).toEqual([new URL(stage.corridor.server.publicUrl).origin]);
      expect(bytes).toBeLessThan(15 * 1024);
      expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    });
  });

  describe('with the hotline inbox set up', () => {
    let nadia: MemberSession;

    async function session(member: RegisteredMember): Promise<MemberSession> {
      return logIn(createApiClient({ baseUrl: stage.corridor.server.staffUrl }), {
        handle: member.handle,
        password: member.password,
        secondFactor: { backupCode: member.backupCodes.pop() ?? '' },
        deviceLabel: 'setup',
      });
    }

    async function staffReplies(text: string, toConversation: (ids: string[]) => string) {
      const ring = await loadTeamKeyring(nadia);
      const inbox = await getInbox(nadia);
      const keys = await openInboxKeys(nadia, ring, inbox);
      const id = toConversation((await listConversations(nadia)).conversations.map((c) => c.id));
      const view = await openConversation(nadia, keys, id);
      await replyToConversation(nadia, inbox, view, text);
      return view;
    }

    const stories = [
      {
        locale: 'en-GB',
        lang: 'en',
        first: 'My father is looking for me. I am in Nalchik at a friend’s flat.',
        reply: 'We can help. Write when you can talk safely.',
        answer: 'Evenings after nine are safe.',
        words: { send: 'Send safely', open: 'Open', code: 'Your receipt code', sent: 'Sent.' },
      },
      {
        locale: 'ru-RU',
        lang: 'ru',
        first: 'Отец ищет меня. Я в Нальчике у подруги.',
        reply: 'Мы можем помочь. Напишите, когда сможете говорить безопасно.',
        answer: 'Вечером после девяти безопасно.',
        words: {
          send: 'Отправить безопасно',
          open: 'Открыть',
          code: 'Ваш код получения',
          sent: 'Отправлено.',
        },
      },
    ];

    it('sets up the inbox: an administrator chooses the team, a member makes the key', async () => {
      await initCrypto();
      const admin = await registerMember(stage.corridor, 'admin', ['administrator']);
      const operator = await registerMember(stage.corridor, 'nadia', ['hotline_operator']);
      const adminSession = await session(admin);
      nadia = await session(operator);
      const teamId = await setUpTeam(adminSession, 'Hotline', nadia);
      await chooseHotlineTeam(adminSession, teamId);
      expect(await ensureInboxKey(nadia, await loadTeamKeyring(nadia))).toBe(true);
    });

    it.each(stories)(
      'with JavaScript off ($locale): submits, gets a code, comes back, reads the reply and answers',
      async (story) => {
        await withPage({ javaScriptEnabled: false, locale: story.locale }, async (context) => {
          const page = await context.newPage();
          await page.goto(stage.corridor.server.publicUrl);
          expect(await page.locator('html').getAttribute('lang')).toBe(story.lang);
          const known = new Set((await listConversations(nadia)).conversations.map((c) => c.id));
          await page.getByRole('textbox').fill(story.first);
          await page.getByRole('button', { name: story.words.send }).click();
          const code = (await page.locator('#receipt-code').textContent()) ?? '';
          expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
          expect(await page.getByRole('heading', { name: story.words.code }).count()).toBe(1);

          const view = await staffReplies(
            story.reply,
            (ids) => ids.find((id) => !known.has(id)) ?? '',
          );
          expect(view.messages[0]?.text).toBe(story.first);

          await page.locator('a[href^="/follow-up"]').last().click();
          await page.getByRole('textbox').fill(code.toLowerCase());
          await page.getByRole('button', { name: story.words.open }).click();
          await expect.poll(() => page.getByText(story.reply).count()).toBe(1);
          expect(await page.getByText(story.first).count()).toBe(0);
          await page.getByRole('textbox').fill(story.answer);
          await page.getByRole('button', { name: story.words.send }).click();
          expect(await page.getByRole('status').textContent()).toContain(story.words.sent);

          const after = await openConversation(
            nadia,
            await openInboxKeys(nadia, await loadTeamKeyring(nadia), await getInbox(nadia)),
            view.conversation.id,
          );
          expect(after.messages.map((m) => m.text)).toEqual([
            story.first,
            story.reply,
            story.answer,
          ]);
        });
      },
    );

    it('has no accessibility violations on the form, receipt and conversation pages', async () => {
      for (const lang of ['en', 'ru']) {
        await withPage({ javaScriptEnabled: true, locale: 'en-GB' }, async (context) => {
          const page: Page = await context.newPage();
          await page.goto(new URL(`/?lang=${lang}`, stage.corridor.server.publicUrl).toString());
          expect(await accessibilityViolations(page)).toEqual([]);
          await page.getByRole('textbox').fill('axe');
          await page.locator('button[type=submit]').click();
          const code = (await page.locator('#receipt-code').textContent()) ?? '';
          expect(await accessibilityViolations(page)).toEqual([]);
          await page.goto(
            new URL(`/follow-up?lang=${lang}`, stage.corridor.server.publicUrl).toString(),
          );
          expect(await accessibilityViolations(page)).toEqual([]);
          await page.getByRole('textbox').fill(code);
          await page.locator('button[type=submit]').click();
          expect(await accessibilityViolations(page)).toEqual([]);
        });
      }
    });
  });
});
