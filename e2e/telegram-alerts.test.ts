// Telegram alerts in real Chromium, in English and Russian: a coordinator opens Devices,
// turns Telegram alerts on, sends the code shown to the (fake) bot, sees them on, and
// turns them off again. axe finds nothing on the way.
import { initCrypto } from '@corridor/crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBotApi, startFakeBotApi } from '../test-support/fake-bot-api.ts';
import { english, russian } from './pages/account-pages.ts';
import { heading } from './pages/case-pages.ts';
import { signedInPage } from './pages/staff-session.ts';
import { accessibilityViolations } from './support/axe.ts';
import { launchChromium, type RunningBrowser } from './support/browser.ts';
import { type RunningCorridor, startCorridor } from './support/corridor.ts';
import { registerMember } from './support/members.ts';

const panelWords = {
  [english.locale]: {
    turnOn: 'Turn on Telegram alerts',
    codeLabel: 'Message to send to the bot',
    sent: 'I have sent it',
    on: /Telegram alerts are on \(since/,
    turnOff: 'Turn off Telegram alerts',
    off: 'Telegram alerts are off.',
  },
  [russian.locale]: {
    turnOn: 'Включить оповещения в Telegram',
    codeLabel: 'Сообщение для бота',
    sent: 'Я отправил(а)',
    on: /Оповещения в Telegram включены \(с/,
    turnOff: 'Отключить оповещения в Telegram',
    off: 'Оповещения в Telegram отключены.',
  },
};

describe.each([english, russian])('Telegram alerts, in $locale', (words) => {
  let fake: FakeBotApi;
  let corridor: RunningCorridor;
  let chromium: RunningBrowser;
  const chatId = words.locale === english.locale ? 5550009001 : 5550009002;
  const panel = panelWords[words.locale] ?? panelWords[english.locale];

  beforeAll(async () => {
    await initCrypto();
    fake = await startFakeBotApi();
    corridor = await startCorridor({
      env: {
        CORRIDOR_TELEGRAM_TOKEN: fake.token,
        CORRIDOR_TELEGRAM_API_ROOT: fake.apiRoot,
        CORRIDOR_PUBLIC_URL: 'http://localhost:8080/',
      },
    });
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await corridor?.stop();
    await fake?.close();
  });

  it('links the bot with the code shown, and unlinks it; axe finds nothing', async () => {
    if (!panel) throw new Error('no words for this locale');
    const member = await registerMember(corridor, 'nadia', ['case_coordinator']);
    const page: Page = await signedInPage(chromium.browser, corridor, member, words);
    const violations: string[] = [];
    const audit = async () => violations.push(...(await accessibilityViolations(page)));

    await page.getByRole('link', { name: words.devices }).click();
    await expect.poll(() => heading(page).textContent()).toBe(words.devicesHeading);
    const turnOn = page.getByRole('button', { name: panel.turnOn });
    await expect.poll(() => turnOn.count()).toBe(1);
    await audit();

    await turnOn.click();
    const field = page.getByLabel(panel.codeLabel);
    await expect.poll(() => field.count()).toBe(1);
    const message = await field.inputValue();
    expect(message).toMatch(/^\/alerts [0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await audit();

    const before = fake.messagesIn(chatId).length;
    fake.userSends({ id: chatId, languageCode: words.locale.slice(0, 2) }, { text: message });
    await expect
      .poll(
        () =>
          fake
            .messagesIn(chatId)
            .slice(before)
            .filter((m) => m.fromBot).length,
        {
          timeout: 10_000,
        },
      )
      .toBe(1);
    await page.getByRole('button', { name: panel.sent }).click();
    await expect.poll(() => page.getByText(panel.on).count()).toBe(1);
    await audit();

    // Keyboard only: the button is reached and pressed without the mouse.
    await page.getByRole('button', { name: panel.turnOff }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText(panel.off, { exact: true }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: panel.turnOn }).count()).toBe(1);
    await audit();
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
