import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { fromBase64, toBase64 } from '../encoding.ts';
import { CryptoError } from '../errors.ts';
import { randomBytes, randomToken } from '../random.ts';

export type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
};

/**
 * The relying party: `id` is the host name the staff app is reached at (no scheme or
 * port), `origin` the exact origin browsers report (`https://corridor.example.org`).
 */
export interface RelyingParty {
  readonly id: string;
  readonly name: string;
  readonly origin: string;
}

/** What the server keeps of an enrolled authenticator: nothing secret. */
export interface StoredCredential {
  /** The credential id, URL-safe base64. */
  readonly id: string;
  /** The COSE public key, URL-safe base64. */
  readonly publicKey: string;
  /** The signature counter last seen (0 for authenticators that keep none). */
  readonly counter: number;
  readonly transports: readonly string[];
}

/** A fresh challenge: 32 random bytes, URL-safe base64. */
export function webauthnChallenge(): string {
  return randomToken(32);
}

/**
 * Options for enrolling an authenticator as a second factor. The key learns nothing of
 * the member (a generic user name, a random user id). The credential must be
 * discoverable, so that login can ask for it without naming the account's credentials
 * before the password is proved (which would tell who has an account). Attestation is
 * not asked for: Corridor trusts the member's choice of key, not its maker.
 */
export function registrationOptions(
  rp: RelyingParty,
  challenge: string,
  existing: readonly StoredCredential[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    // A key stores its user's name and id, and a taken phone or synced keychain shows
    // them: a generic name and a random id per key, never the handle or account id.
    userName: rp.name,
    userID: randomBytes(16) as Uint8Array<ArrayBuffer>,
    challenge: new Uint8Array(fromBase64(challenge)),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: [...c.transports] })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    timeout: 120_000,
  });
}

/**
 * Checks an authenticator's answer to `registrationOptions`: the challenge, origin and
 * relying party, and a well-formed public key.
 * @throws CryptoError `authentication_failed` for any answer that does not verify.
 */
export async function verifyRegistration(
  rp: RelyingParty,
  challenge: string,
  response: RegistrationResponseJSON,
): Promise<StoredCredential> {
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
  } catch {
    throw new CryptoError('authentication_failed', 'the authenticator’s answer does not verify');
  }
  if (!verified.verified) {
    throw new CryptoError('authentication_failed', 'the authenticator’s answer does not verify');
  }
  const { credential } = verified.registrationInfo;
  // The id stored is the one the authenticator data names; it must be the one the
  // (size-checked) answer named.
  if (credential.id !== response.id) {
    throw new CryptoError('authentication_failed', 'the credential ids do not agree');
  }
  return {
    id: credential.id,
    publicKey: toBase64(credential.publicKey),
    counter: credential.counter,
    transports: credential.transports ?? [],
  };
}

/**
 * Options for proving a second factor at login. No credentials are listed (they are
 * discoverable), so the options say nothing about the account being logged into.
 */
export function authenticationOptions(
  rp: RelyingParty,
  challenge: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge: new Uint8Array(fromBase64(challenge)),
    userVerification: 'preferred',
    timeout: 120_000,
  });
}

/**
 * Checks an assertion made with `credential` over `challenge`. A counter that does not
 * move forward (a cloned authenticator) fails.
 * @returns the counter to store
 * @throws CryptoError `authentication_failed` for any assertion that does not verify.
 */
export async function verifyAuthentication(
  rp: RelyingParty,
  challenge: string,
  response: AuthenticationResponseJSON,
  credential: StoredCredential,
): Promise<{ readonly counter: number }> {
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: credential.id,
        publicKey: new Uint8Array(fromBase64(credential.publicKey)),
        counter: credential.counter,
        transports: [...credential.transports],
      },
      requireUserVerification: false,
    });
  } catch {
    throw new CryptoError('authentication_failed', 'the assertion does not verify');
  }
  if (!verified.verified) {
    throw new CryptoError('authentication_failed', 'the assertion does not verify');
  }
  return { counter: verified.authenticationInfo.newCounter };
}
