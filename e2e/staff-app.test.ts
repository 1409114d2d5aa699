import { markDemo } from '@corridor/server';
import type { BrowserContext } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StaffHomePage } from './pages/staff-home-page.ts';
import { accessibilityViolations } from './support/axe.ts';
import { useStage } from './support/stage.ts';

describe('the staff app in Chromium', () => {
  const stage = useStage();
  let context: BrowserContext;
  let home: StaffHomePage;

  beforeEach(async () => {
    context = await stage.browser.newContext({ locale: 'en-GB' });
    home = new StaffHomePage(await context.newPage());
    await home.open(`${stage.corridor.server.staffOrigin}/`);
  });
  afterEach(() => context.close());

  it('opens on the login page, in the browser’s language', async () => {
    expect(await home.heading().textContent()).toBe('Log in');
    expect(await home.htmlLang()).toBe('en');
  });

  it('switches to Russian by keyboard, and axe finds nothing in either language', async () => {
    expect(await accessibilityViolations(home.page)).toEqual([]);

    // Tab from the top of the page: skip link, English, Русский.
    await home.page.keyboard.press('Tab');
    await home.page.keyboard.press('Tab');
    await home.page.keyboard.press('Tab');
    expect(await home.page.evaluate(() => document.activeElement?.textContent)).toBe('Русский');
    await home.page.keyboard.press('Enter');

    await expect.poll(() => home.htmlLang()).toBe('ru');
    await expect.poll(() => home.heading().textContent()).toBe('Вход');
    expect(await home.languageButton('Русский').getAttribute('aria-pressed')).toBe('true');
    expect(await accessibilityViolations(home.page)).toEqual([]);
  });

  it('marks the demo organisation on every page, and axe finds nothing', async () => {
    await markDemo(stage.corridor.server.storage);
    await home.page.reload();
    await home.page.getByTestId('demo-banner').waitFor();
    expect(await home.page.getByTestId('demo-banner').textContent()).toContain('DEMO');
    expect(await accessibilityViolations(home.page)).toEqual([]);
    await home.languageButton('Русский').click();
    await expect.poll(() => home.page.getByTestId('demo-banner').textContent()).toContain('ДЕМО');
    expect(await accessibilityViolations(home.page)).toEqual([]);
    await stage.corridor.server.storage.db.updateTable('organisation').set({ demo: 0 }).execute();
  });

  it('remembers the chosen language on reload', async () => {
    await home.languageButton('Русский').click();
    await home.page.reload();
    await expect.poll(() => home.htmlLang()).toBe('ru');
    expect(await home.heading().textContent()).toBe('Вход');
  });
});
