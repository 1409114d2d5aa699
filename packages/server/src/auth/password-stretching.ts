import { type PasswordStretching, pinnedPasswordStretching } from '@corridor/crypto';

/** True when a client used exactly the pinned Argon2id setting. */
export function samePasswordStretching(given: PasswordStretching): boolean {
  const pinned = pinnedPasswordStretching;
  return (
    given.algorithm === pinned.algorithm &&
    given.memoryKiB === pinned.memoryKiB &&
    given.iterations === pinned.iterations &&
    given.parallelism === pinned.parallelism
  );
}
