import * as opaque from '@serenity-kit/opaque';
import { CryptoError } from '../errors.ts';

/**
 * The server half of OPAQUE (RFC 9807). The server setup holds the server's OPRF seed
 * and long-term key pair: it must stay secret, out of the database, and stable — a new
 * one invalidates every registration record.
 */
export function createServerSetup(): string {
  return opaque.server.createSetup();
}

function guard<T>(run: () => T): T {
  try {
    return run();
  } catch {
    throw new CryptoError('malformed', 'the client message is not valid OPAQUE');
  }
}

/** Answers a registration request for an account id. @throws CryptoError `malformed`. */
export function registrationResponse(
  serverSetup: string,
  accountId: string,
  request: string,
): string {
  return guard(
    () =>
      opaque.server.createRegistrationResponse({
        serverSetup,
        userIdentifier: accountId,
        registrationRequest: request,
      }).registrationResponse,
  );
}

export interface ServerLoginStart {
  /** Secret until the login finishes; keep it server-side, encrypted if stored. */
  readonly state: string;
  /** Send to the client. */
  readonly response: string;
}

/**
 * Starts a login. With `record` null (no such account) OPAQUE answers with a fake
 * record derived from the server setup, so an unknown account looks like a wrong
 * password, in content and in time (RFC 9807 §10.9).
 * @throws CryptoError `malformed`
 */
export function startServerLogin(
  serverSetup: string,
  accountId: string,
  record: string | null,
  request: string,
): ServerLoginStart {
  const result = guard(() =>
    opaque.server.startLogin({
      serverSetup,
      userIdentifier: accountId,
      registrationRecord: record,
      startLoginRequest: request,
    }),
  );
  return { state: result.serverLoginState, response: result.loginResponse };
}

/**
 * Finishes a login: proves the client knew the password.
 * @throws CryptoError `authentication_failed`
 */
export function finishServerLogin(state: string, finishRequest: string): void {
  try {
    opaque.server.finishLogin({ serverLoginState: state, finishLoginRequest: finishRequest });
  } catch {
    throw new CryptoError('authentication_failed', 'wrong password or unknown account');
  }
}
