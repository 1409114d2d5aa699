import { normaliseCode, randomCode } from './base32.ts';
import type { Brand } from './brand.ts';
import { utf8 } from './encoding.ts';
import { asSymmetricKey, type WrappingKey } from './keys.ts';
import { lib } from './sodium.ts';

/**
 * Shown once at sign-up, kept on paper: eight groups of four Crockford characters,
 * 160 bits from the CSPRNG. With that much entropy no stretching is needed.
 */
export type RecoveryCode = Brand<string, 'RecoveryCode'>;

const groups = 8;

export function generateRecoveryCode(): RecoveryCode {
  return randomCode(groups) as RecoveryCode;
}

/** @throws CryptoError `invalid_code` */
export function parseRecoveryCode(input: string): RecoveryCode {
  return normaliseCode(input, groups) as RecoveryCode;
}

/** The wrapping key a recovery code stands for (keyed BLAKE2b with a fixed context). */
export function wrappingKeyFromRecoveryCode(code: RecoveryCode): WrappingKey {
  return asSymmetricKey(
    'wrapping',
    lib().crypto_generichash(
      32,
      utf8('corridor/v1/recovery-wrapping'),
      utf8(parseRecoveryCode(code)),
    ),
  );
}

/**
 * A one-time backup code for login in place of a TOTP code: three groups of four
 * Crockford characters (60 bits), enough against online guessing, which the server
 * rate-limits.
 */
export function generateBackupCode(): string {
  return randomCode(3);
}

/** @throws CryptoError `invalid_code` */
export function parseBackupCode(input: string): string {
  return normaliseCode(input, 3);
}
