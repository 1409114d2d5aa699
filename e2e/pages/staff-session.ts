import { createApiClient, logIn, type MemberSession } from '@corridor/vault';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RunningCorridor } from '../support/corridor.ts';
import type { RegisteredMember } from '../support/members.ts';
import { AccountPages, type english } from './account-pages.ts';
import { heading } from './case-pages.ts';

/**
 * A member's session in Node, through the client core, for setting a story's stage up.
 * Each call spends one of the member's backup codes (the last), so the browser keeps
 * the first for its own login.
 */
export async function nodeSession(
  corridor: RunningCorridor,
  member: RegisteredMember,
): Promise<MemberSession> {
  return logIn(createApiClient({ baseUrl: corridor.server.staffUrl }), {
    handle: member.handle,
    password: member.password,
    secondFactor: { backupCode: member.backupCodes.pop() ?? '' },
    deviceLabel: 'setup',
  });
}

/**
 * A fresh browser context in the member's language, logged in on the login page with a
 * backup code, waiting for the welcome.
 */
export async function signedInPage(
  browser: Browser,
  corridor: RunningCorridor,
  member: RegisteredMember,
  words: typeof english,
  options: { readonly acceptDownloads?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({ locale: words.locale, ...options });
  const page = await context.newPage();
  await page.goto(`${corridor.server.staffOrigin}/`);
  await new AccountPages(page, words).logIn(
    member.handle,
    member.password,
    member.backupCodes[0] ?? '',
  );
  await expect.poll(() => page.getByText(words.welcome).count(), { timeout: 20_000 }).toBe(1);
  return page;
}

/**
 * In-app navigation to a hash route: a reload would end the session kept in memory.
 * Going by `#/` first makes the page mount afresh even when the hash is already `hash`.
 */
export async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate(() => {
    window.location.hash = '#/';
  });
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

/** Opens a case page in the app and waits for its title. */
export async function openCasePage(page: Page, caseId: string, title: string): Promise<void> {
  await goTo(page, `#/cases/${caseId}`);
  await expect.poll(() => heading(page).textContent(), { timeout: 20_000 }).toBe(title);
}
