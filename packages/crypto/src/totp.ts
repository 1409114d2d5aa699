import { generate, generateSecret, generateURI, verify } from 'otplib';
import type { Brand } from './brand.ts';
import { CryptoError } from './errors.ts';

/** A TOTP shared secret (RFC 6238), base32 as authenticator apps expect it: 160 bits. */
export type TotpSecret = Brand<string, 'TotpSecret'>;

/** 30-second steps, 6 digits, SHA-1: what every authenticator app supports. */
const period = 30;

export function generateTotpSecret(): TotpSecret {
  return generateSecret({ length: 20 }) as TotpSecret;
}

/** The `otpauth://` URI an authenticator app scans from a QR code. */
export function totpUri(secret: TotpSecret, issuer: string, label: string): string {
  return generateURI({ issuer, label, secret });
}

/** The code for a moment (seconds since the epoch); for tests and the demo organisation. */
export function totpCode(
  secret: TotpSecret,
  epochSeconds = Math.floor(Date.now() / 1000),
): Promise<string> {
  return generate({ secret, epoch: epochSeconds });
}

/**
 * Checks a code, accepting one step either side for clock drift, and only steps after
 * `afterTimeStep` — pass the step of the last accepted code, so a code is used once.
 * @returns the accepted time step (store it), or null
 * @throws CryptoError `malformed` for anything but six digits
 */
export async function verifyTotp(
  secret: TotpSecret,
  code: string,
  afterTimeStep: number | null,
  epochSeconds = Math.floor(Date.now() / 1000),
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) throw new CryptoError('malformed', 'a TOTP code is six digits');
  const result = await verify({
    secret,
    token: code,
    epoch: epochSeconds,
    epochTolerance: period,
    ...(afterTimeStep === null ? {} : { afterTimeStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
