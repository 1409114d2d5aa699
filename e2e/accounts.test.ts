import { initCrypto, type TotpSecret, totpCode } from '@corridor/crypto';
import { createInvitation, systemClock } from '@corridor/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountPages, english, russian } from './pages/account-pages.ts';
import { accessibilityViolations } from './support/axe.ts';
import { useStage } from './support/stage.ts';

describe.each([english, russian])('an account from invitation to log out, in $locale', (words) => {
  const stage = useStage();

  beforeAll(async () => {
    await initCrypto();
  });

  it('signs up, enrols TOTP, logs in, sees its devices, locks, unlocks, adds a security key, logs in with it, recovers; axe finds nothing', async () => {
    const { token } = await createInvitation(
      stage.corridor.server.storage,
      systemClock,
      ['case_coordinator'],
      1,
      null,
    );
    const context = await stage.browser.newContext({ locale: words.locale });
    const page = await context.newPage();
    const pages = new AccountPages(page, words);
    const handle = `coordinator-${words.locale.slice(0, 2)}`;
    const password = 'a long and private passphrase';
    const violations: string[] = [];
    const audit = async () => violations.push(...(await accessibilityViolations(page)));

    await page.goto(`${stage.corridor.server.staffOrigin}/#/invite/${token}`);
    await expect.poll(() => pages.heading().textContent()).toBe(words.signUpHeading);
    await audit();
    await pages.signUp(handle, password);

    await expect
      .poll(() => pages.heading().textContent(), { timeout: 20_000 })
      .toBe(words.totpHeading);
    await audit();
    const secret = (await page.getByTestId('totp-secret').textContent()) as TotpSecret;
    await page.getByLabel(words.totpCode).fill(await totpCode(secret));
    await page.getByRole('button', { name: words.confirm }).click();

    await expect
      .poll(() => pages.heading().textContent(), { timeout: 20_000 })
      .toBe(words.codesHeading);
    await audit();
    const recoveryCode = (await page.getByTestId('recovery-code').textContent()) ?? '';
    expect(recoveryCode).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    const backupCodes = await page.getByTestId('backup-codes').locator('li').allTextContents();
    expect(backupCodes).toHaveLength(10);
    await page.getByRole('button', { name: words.writtenDown }).click();

    await expect.poll(() => pages.heading().textContent()).toBe(words.loginHeading);
    // The TOTP step was just used for enrolment; a backup code logs in now.
    await pages.logIn(handle, password, backupCodes[0] ?? '');
    await expect.poll(() => page.getByText(words.welcome).count(), { timeout: 20_000 }).toBe(1);
    await audit();

    await page.getByRole('link', { name: words.devices }).click();
    await expect.poll(() => pages.heading().textContent()).toBe(words.devicesHeading);
    // The table arrives after the heading: wait for it, as a person would.
    await expect.poll(() => page.getByRole('cell', { name: words.thisDevice }).count()).toBe(1);
    await audit();

    await page.getByRole('button', { name: words.lock }).click();
    await expect.poll(() => pages.heading().textContent()).toBe(words.lockedHeading);
    await audit();
    await page.getByLabel(words.password, { exact: true }).fill('not the password');
    await page.getByRole('button', { name: words.unlock }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 })
      .toBe(words.wrong);
    await page.getByLabel(words.password, { exact: true }).fill(password);
    await page.getByRole('button', { name: words.unlock }).click();
    await expect
      .poll(() => pages.heading().textContent(), { timeout: 20_000 })
      .toBe(words.devicesHeading);

    // A security key, just after the password was proved: Chromium's virtual
    // authenticator stands in for a YubiKey and answers as soon as it is asked.
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await page.getByLabel(words.newKeyLabel, { exact: false }).fill(words.keyName);
    await page.getByRole('radio', { name: words.backupFactor }).check();
    await page.getByLabel(words.backupCode, { exact: true }).fill(backupCodes[3] ?? '');
    await page.getByRole('button', { name: words.addKey }).click();
    await expect
      .poll(() => page.getByRole('cell', { name: words.keyName, exact: true }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await audit();

    await page.getByRole('button', { name: words.logOut }).click();
    await expect.poll(() => pages.heading().textContent()).toBe(words.loginHeading);
    await pages.logIn(handle, password, { securityKey: true });
    await expect.poll(() => page.getByText(words.welcome).count(), { timeout: 20_000 }).toBe(1);

    await page.getByRole('button', { name: words.logOut }).click();
    await expect.poll(() => pages.heading().textContent()).toBe(words.loginHeading);

    // The password is lost: the recovery code and a backup code restore access.
    await page.getByRole('link', { name: words.forgot }).click();
    await expect.poll(() => pages.heading().textContent()).toBe(words.recoverHeading);
    await audit();
    await page.getByLabel(words.handle, { exact: true }).fill(handle);
    await page.getByLabel(words.recoveryCode, { exact: true }).fill(recoveryCode);
    await page.getByRole('radio', { name: words.backupFactor }).check();
    await page.getByLabel(words.backupCode, { exact: true }).fill(backupCodes[1] ?? '');
    await page.getByLabel(words.newPassword, { exact: true }).fill('my brand new passphrase');
    await page.getByLabel(words.passwordAgain, { exact: true }).fill('my brand new passphrase');
    await page.getByRole('button', { name: words.restore }).click();
    await expect
      .poll(() => pages.heading().textContent(), { timeout: 20_000 })
      .toBe(words.restoredHeading);
    await audit();
    await page.goto(`${stage.corridor.server.staffOrigin}/#/`);
    await pages.logIn(handle, 'my brand new passphrase', backupCodes[2] ?? '');
    await expect.poll(() => page.getByText(words.welcome).count(), { timeout: 20_000 }).toBe(1);
    expect(violations).toEqual([]);
    await context.close();
  });
});
