import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, type RunningBrowser } from './browser.ts';
import { type RunningCorridor, startCorridor } from './corridor.ts';

export interface Stage {
  readonly corridor: RunningCorridor;
  readonly browser: Browser;
}

/**
 * Called in a describe block: a fresh Corridor (own SQLite data directory, free ports)
 * and a real Chromium for its stories, both stopped after them.
 */
export function useStage(options: Parameters<typeof startCorridor>[0] = {}): Stage {
  let corridor: RunningCorridor | undefined;
  let chromium: RunningBrowser | undefined;
  beforeAll(async () => {
    corridor = await startCorridor(options);
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await corridor?.stop();
  });
  return {
    get corridor() {
      if (!corridor) throw new Error('the stage is used outside its describe block');
      return corridor;
    },
    get browser() {
      if (!chromium) throw new Error('the stage is used outside its describe block');
      return chromium.browser;
    },
  };
}
