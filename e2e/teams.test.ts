import { initCrypto } from '@corridor/crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountPages, english, russian } from './pages/account-pages.ts';
import { accessibilityViolations } from './support/axe.ts';
import { type RegisteredMember, registerMember } from './support/members.ts';
import { useStage } from './support/stage.ts';

describe.each([english, russian])('teams managed in the staff app, in $locale', (words) => {
  const stage = useStage();
  let admin: RegisteredMember;
  let alice: RegisteredMember;

  beforeAll(async () => {
    await initCrypto();
    admin = await registerMember(stage.corridor, 'admin', ['administrator']);
    alice = await registerMember(stage.corridor, 'alice', ['shelter_coordinator']);
    await registerMember(stage.corridor, 'bob', ['shelter_coordinator']);
  });

  it('an administrator invites and creates a team; its first member makes the key, adds and removes a member', async () => {
    const context = await stage.browser.newContext({ locale: words.locale });
    const page = await context.newPage();
    const pages = new AccountPages(page, words);
    const violations: string[] = [];
    const audit = async () => violations.push(...(await accessibilityViolations(page)));

    await page.goto(`${stage.corridor.server.staffOrigin}/`);
    await pages.logIn(admin.handle, admin.password, admin.backupCodes[0] ?? '');
    await page.getByRole('link', { name: words.administration }).click();
    await expect
      .poll(() => pages.heading().textContent(), { timeout: 20_000 })
      .toBe(words.administration);
    await audit();
    await page.getByLabel(words.analyst).check();
    await page.getByRole('button', { name: words.createInvitation }).click();
    await expect
      .poll(() => page.getByTestId('invitation-link').textContent())
      .toMatch(/#\/invite\/[A-Za-z0-9_-]{43}$/);
    await page.getByLabel(words.teamName).fill(words.teamNameValue);
    await page.getByLabel(words.firstMember).fill('alice');
    await page.getByRole('button', { name: words.createTeam }).click();
    await expect
      .poll(() => page.getByRole('status').last().textContent())
      .toContain(words.teamNameValue);
    await audit();
    await page.getByRole('button', { name: words.logOut }).click();

    await pages.logIn(alice.handle, alice.password, alice.backupCodes[0] ?? '');
    await page.getByRole('link', { name: words.teams, exact: true }).click();
    await page.getByRole('button', { name: words.makeKey }).click();
    await expect
      .poll(() => page.getByText(words.keyVersion(1)).count(), { timeout: 20_000 })
      .toBe(1);
    await audit();

    await page.getByLabel(words.addMember).fill('bob');
    await page.getByRole('button', { name: words.add, exact: true }).click();
    await expect
      .poll(() => page.getByRole('button', { name: words.remove('bob') }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await audit();

    await page.getByRole('button', { name: words.remove('bob') }).click();
    await expect
      .poll(() => page.getByText(words.keyVersion(2)).count(), { timeout: 20_000 })
      .toBe(1);
    expect(await page.getByRole('button', { name: words.remove('bob') }).count()).toBe(0);
    await audit();

    expect(violations).toEqual([]);
    await context.close();
  });
});
