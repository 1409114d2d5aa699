import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe.ts';
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
});
