import * as opaque from '@serenity-kit/opaque';
import { loadSodium } from './sodium.ts';

/**
 * Loads the cryptographic libraries (libsodium and OPAQUE, both WebAssembly). Await it once before any other function of this
 * package; calling it again is harmless. Rejects if WebAssembly cannot load.
 */
export async function initCrypto(): Promise<{ libsodiumVersion: string }> {
  const [sodium] = await Promise.all([loadSodium(), opaque.ready]);
  return { libsodiumVersion: sodium.sodium_version_string() };
}
