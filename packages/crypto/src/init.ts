import { loadSodium } from './sodium.ts';

/**
 * Loads the cryptographic library. Call once before the first operation; calling again
 * is harmless. Rejects if WebAssembly cannot load (a very old or locked-down browser).
 */
export async function initCrypto(): Promise<{ libsodiumVersion: string }> {
  const sodium = await loadSodium();
  return { libsodiumVersion: sodium.sodium_version_string() };
}
