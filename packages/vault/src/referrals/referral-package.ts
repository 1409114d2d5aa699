import {
  asBoxPublicKey,
  type BoxKeyPair,
  CryptoError,
  decryptWithPassword,
  encryptWithPassword,
  fromBase64,
  fromUtf8,
  openSealed,
  sealTo,
  utf8,
} from '@corridor/crypto';
import {
  type ReferralMode,
  type ReferralPackage,
  ReferralPackageSchema,
  referralPackagePurpose,
} from '@corridor/protocol';

/** How a package is locked: to the partner's X25519 key, or with a password. */
export type PackageLock =
  | { readonly mode: 'sealed'; readonly publicKey: string }
  | { readonly mode: 'password'; readonly password: string };

/** The package as the partner receives it: the envelope's bytes (docs/protocol/v1.md). */
export function lockReferralPackage(pkg: ReferralPackage, lock: PackageLock): Uint8Array {
  const bytes = utf8(JSON.stringify(ReferralPackageSchema.parse(pkg)));
  return lock.mode === 'sealed'
    ? sealTo(asBoxPublicKey(fromBase64(lock.publicKey)), bytes)
    : encryptWithPassword(lock.password, bytes, referralPackagePurpose);
}

/** Which lock a package file has, from its envelope header; null for something else. */
export function packageMode(file: Uint8Array): ReferralMode | null {
  if (file.length < 2 || file[0] !== 1) return null;
  if (file[1] === 0x02) return 'sealed';
  if (file[1] === 0x10) return 'password';
  return null;
}

/**
 * Opens a package file with the partner's key pair or the password, and checks it is a
 * referral package of a format this code reads.
 * @throws CryptoError (`decryption_failed` for the wrong key or password, `malformed` for
 *   something that is not a package)
 */
export function openReferralPackage(
  file: Uint8Array,
  key: { readonly keyPair: BoxKeyPair } | { readonly password: string },
): ReferralPackage {
  const bytes =
    'keyPair' in key
      ? openSealed(key.keyPair, file)
      : decryptWithPassword(key.password, file, referralPackagePurpose);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(bytes));
  } catch {
    throw new CryptoError('malformed', 'not a referral package');
  }
  const result = ReferralPackageSchema.safeParse(parsed);
  if (!result.success) throw new CryptoError('malformed', 'not a referral package');
  return result.data;
}
