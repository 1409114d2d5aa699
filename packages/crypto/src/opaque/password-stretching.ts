/**
 * The Argon2id setting OPAQUE applies to the password in the client before the OPRF
 * (RFC 9807 §3.3.1.2, the "stretch" function). Changing it changes every export key and
 * breaks every login, so it is pinned here and stored with each registration record.
 */
export interface PasswordStretching {
  readonly algorithm: 'argon2id';
  /** Memory in KiB. */
  readonly memoryKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
}

/**
 * 64 MiB, 3 passes, 4 lanes: RFC 9106 §4's second recommendation for memory-constrained
 * settings, the same as Bitwarden's Argon2id default; measured in `npm run bench:kdf`.
 */
export const pinnedPasswordStretching: PasswordStretching = {
  algorithm: 'argon2id',
  memoryKiB: 65_536,
  iterations: 3,
  parallelism: 4,
};

export function libraryStretching(params: PasswordStretching) {
  return {
    'argon2id-custom': {
      memory: params.memoryKiB,
      iterations: params.iterations,
      parallelism: params.parallelism,
    },
  } as const;
}
