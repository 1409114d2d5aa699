import { type Hex, toHex } from './encoding.ts';
import { lib } from './sodium.ts';

/** SHA-256 of bytes, as lower-case hex: the evidence hash (Berkeley Protocol, hash at capture). */
export function sha256(bytes: Uint8Array): Hex {
  return toHex(lib().crypto_hash_sha256(bytes));
}

export interface Sha256Hasher {
  update(chunk: Uint8Array): void;
  /** The digest; the hasher cannot be used after. */
  digest(): Hex;
}

/** Incremental SHA-256, for files hashed as they stream, never whole in memory. */
export function createSha256(): Sha256Hasher {
  const sodium = lib();
  const state = sodium.crypto_hash_sha256_init();
  let done = false;
  return {
    update(chunk) {
      if (done) throw new Error('the hasher has already produced its digest');
      sodium.crypto_hash_sha256_update(state, chunk);
    },
    digest() {
      if (done) throw new Error('the hasher has already produced its digest');
      done = true;
      return toHex(sodium.crypto_hash_sha256_final(state));
    },
  };
}
