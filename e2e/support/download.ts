import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

/** Clicks what starts a download on `page` and returns the file's bytes once saved. */
export async function downloadedBytes(page: Page, click: () => Promise<void>): Promise<Uint8Array> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return new Uint8Array(await readFile(await download.path()));
}
