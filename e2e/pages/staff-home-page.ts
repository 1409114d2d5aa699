import type { Locator, Page } from 'playwright-core';

/** The staff app's start page, as a user sees and drives it. */
export class StaffHomePage {
  constructor(readonly page: Page) {}

  async open(staffUrl: string): Promise<void> {
    await this.page.goto(staffUrl);
    await this.heading().waitFor();
  }

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  healthStatus(): Locator {
    return this.page.getByTestId('health-status');
  }

  languageButton(name: 'English' | 'Русский'): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  async htmlLang(): Promise<string | null> {
    return this.page.locator('html').getAttribute('lang');
  }
}
