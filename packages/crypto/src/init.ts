import { loadSodium } from './sodium.ts';

/**
 * Loads the cryptographic library. Await it once before any other function of this
 * package; calling it again is harmless. Rejects if WebAssembly cannot load.
 */
export async function initCrypto(): Promise<{ libsodiumVersion: string }> {
  const sodium = await loadSodium();
  return { libsodiumVersion: sodium.sodium_version_string() };
}
