import sodium from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodium;

let loading: Promise<Sodium> | undefined;

/**
 * libsodium, once its WebAssembly has loaded. The only place in Corridor that touches
 * libsodium; everything else calls the typed operations of this package.
 */
export function loadSodium(): Promise<Sodium> {
  loading ??= sodium.ready.then(() => sodium);
  return loading;
}
