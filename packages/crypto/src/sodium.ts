import sodium from 'libsodium-wrappers-sumo';
import { CryptoError } from './errors.ts';

export type Sodium = typeof sodium;

let loading: Promise<Sodium> | undefined;
let loaded: Sodium | undefined;

/**
 * libsodium, once its WebAssembly has loaded. This package is the only place in
 * Corridor that touches libsodium; everything else calls its typed operations.
 */
export function loadSodium(): Promise<Sodium> {
  loading ??= sodium.ready.then(() => {
    loaded = sodium;
    return sodium;
  });
  return loading;
}

/** libsodium for the synchronous operations; throws until `initCrypto()` has resolved. */
export function lib(): Sodium {
  if (!loaded) throw new CryptoError('not_initialised', 'call and await initCrypto() first');
  return loaded;
}
