import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: Playwright's own browser download cannot be reached from here. */
export const chromiumPath = process.env.CORRIDOR_CHROMIUM ?? '/usr/bin/chromium';

export interface RunningBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches real headless Chromium. The flags keep it from phoning home (this machine's
 * network refuses it) and let it run as root in CI.
 */
export async function launchChromium(): Promise<RunningBrowser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}: run \`apt-get install -y chromium\` (or set CORRIDOR_CHROMIUM)`,
    );
  }
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Playwright gives each launch a fresh temporary profile and removes it on close.
  return { browser, close: () => browser.close() };
}
