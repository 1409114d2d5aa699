import { describe, expect, it } from 'vitest';
import { initCrypto } from './init.ts';

describe('initCrypto', () => {
  it('loads libsodium once and reports its version', async () => {
    const first = await initCrypto();
    expect(first.libsodiumVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(await initCrypto()).toEqual(first);
  });
});
