import * as opaque from '@serenity-kit/opaque';
import { fromBase64 } from '../encoding.ts';
import { CryptoError } from '../errors.ts';
import type { WrappingKey } from '../keys.ts';
import { wrappingKeyFromExportKey } from '../user-keys.ts';
import {
  libraryStretching,
  type PasswordStretching,
  pinnedPasswordStretching,
} from './password-stretching.ts';

/**
 * The client half of OPAQUE (RFC 9807) over @serenity-kit/opaque: the password never
 * leaves the browser, and the server learns nothing that allows an offline guess
 * without its own OPRF key. Messages are the library's base64url strings.
 */

export interface ClientRegistrationStart {
  /** Keep in memory until `finishRegistration`; never send it. */
  readonly state: string;
  /** Send to the server. */
  readonly request: string;
}

export interface ClientRegistrationResult {
  /** Send to the server to store; it holds no password-equivalent. */
  readonly record: string;
  /** Wraps the member's private keys; derived from the export key, known only here. */
  readonly wrappingKey: WrappingKey;
  readonly stretching: PasswordStretching;
}

export interface ClientLoginResult {
  /** Send to the server to finish the login. */
  readonly finishRequest: string;
  readonly wrappingKey: WrappingKey;
}

function guard<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw new CryptoError('malformed', `${what}: the server's message is not valid OPAQUE`);
  }
}

export function startRegistration(password: string): ClientRegistrationStart {
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({
    password,
  });
  return { state: clientRegistrationState, request: registrationRequest };
}

/** @throws CryptoError `malformed` if the server's response is not valid. */
export function finishRegistration(
  password: string,
  start: ClientRegistrationStart,
  response: string,
  stretching: PasswordStretching = pinnedPasswordStretching,
): ClientRegistrationResult {
  return guard('registration', () => {
    const result = opaque.client.finishRegistration({
      password,
      clientRegistrationState: start.state,
      registrationResponse: response,
      keyStretching: libraryStretching(stretching),
    });
    return {
      record: result.registrationRecord,
      wrappingKey: wrappingKeyFromExportKey(fromBase64(result.exportKey)),
      stretching,
    };
  });
}

export interface ClientLoginStart {
  readonly state: string;
  readonly request: string;
}

export function startLogin(password: string): ClientLoginStart {
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password });
  return { state: clientLoginState, request: startLoginRequest };
}

/**
 * @param stretching the setting stored with the account's record (the server returns it)
 * @throws CryptoError `authentication_failed` for a wrong password or unknown account
 *   (indistinguishable by design), `malformed` for a broken response.
 */
export function finishLogin(
  password: string,
  start: ClientLoginStart,
  response: string,
  stretching: PasswordStretching,
): ClientLoginResult {
  const result = guard('login', () =>
    opaque.client.finishLogin({
      password,
      clientLoginState: start.state,
      loginResponse: response,
      keyStretching: libraryStretching(stretching),
    }),
  );
  if (!result) throw new CryptoError('authentication_failed', 'wrong password or unknown account');
  return {
    finishRequest: result.finishLoginRequest,
    wrappingKey: wrappingKeyFromExportKey(fromBase64(result.exportKey)),
  };
}
