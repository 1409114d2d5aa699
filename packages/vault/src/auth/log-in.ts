import {
  finishOpaqueLogin,
  fromBase64,
  initCrypto,
  pinnedPasswordStretching,
  startOpaqueLogin,
  type UserKeys,
  unwrapUserKeys,
} from '@corridor/crypto';
import {
  type AccountSelfSchema,
  finishLoginRoute,
  finishUnlockRoute,
  logoutRoute,
  startLoginRoute,
  startUnlockRoute,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { ApiClient } from '../api/api-client.ts';
import { type Authenticator, assertWithSecurityKey } from './security-keys.ts';

/** A second factor typed in: a code from the authenticator app, or a backup code. */
export type CodeFactor = { totpCode: string } | { backupCode: string };

export type SecondFactor =
  | CodeFactor
  /** A security key or passkey, asked to sign the login's challenge. */
  | { securityKey: Authenticator };

export interface LogInInput {
  readonly handle: string;
  readonly password: string;
  readonly secondFactor: SecondFactor;
  readonly deviceLabel: string;
}

/** A signed-in member: the session and the private keys, in memory only. */
export interface MemberSession {
  readonly api: ApiClient;
  readonly account: z.infer<typeof AccountSelfSchema>;
  /** The bearer token; kept in memory (or sessionStorage), never in localStorage. */
  readonly sessionToken: string;
  readonly expiresAt: string;
  readonly keys: UserKeys;
}

/**
 * Logs a member in: OPAQUE with the password (which never leaves this process), the
 * second factor, then the member's private keys unwrapped with the key from OPAQUE's
 * export key. A wrong password and an unknown handle fail alike.
 */
export async function logIn(api: ApiClient, input: LogInInput): Promise<MemberSession> {
  await initCrypto();
  const opaqueStart = startOpaqueLogin(input.password);
  const started = await api.call(startLoginRoute, {
    body: { handle: input.handle, startLoginRequest: opaqueStart.request },
  });
  // Throws authentication_failed here when the password is wrong; the server counts
  // the attempt from its first message, so nothing is gained by stopping early.
  const proof = finishOpaqueLogin(
    input.password,
    opaqueStart,
    started.loginResponse,
    // Always the pinned setting, never the server's: a malicious server could ask for a
    // cost that hangs the browser, or a weak one.
    pinnedPasswordStretching,
  );
  const loggedIn = await api.call(finishLoginRoute, {
    body: {
      attemptId: started.attemptId,
      finishLoginRequest: proof.finishRequest,
      secondFactor:
        'securityKey' in input.secondFactor
          ? {
              webauthn: await assertWithSecurityKey(
                input.secondFactor.securityKey,
                started.webauthn,
              ),
            }
          : input.secondFactor,
      deviceLabel: input.deviceLabel,
    },
  });
  const keys = unwrapUserKeys(
    proof.wrappingKey,
    fromBase64(loggedIn.account.wrappedKeys),
    loggedIn.account.id,
  );
  return {
    api: api.withSession(loggedIn.sessionToken),
    account: loggedIn.account,
    sessionToken: loggedIn.sessionToken,
    expiresAt: loggedIn.expiresAt,
    keys,
  };
}

/** Ends the session on the server. The caller drops the MemberSession (and its keys). */
export async function logOut(session: Pick<MemberSession, 'api'>): Promise<void> {
  await session.api.call(logoutRoute);
}

/**
 * Unlocks a locked app: the password again (OPAQUE) on the still-open session, and the
 * member's keys unwrapped anew. The session object without keys is all a locked app keeps.
 */
export async function unlock(
  api: ApiClient,
  password: string,
): Promise<{ account: z.infer<typeof AccountSelfSchema>; keys: UserKeys }> {
  await initCrypto();
  const opaqueStart = startOpaqueLogin(password);
  const started = await api.call(startUnlockRoute, {
    body: { startLoginRequest: opaqueStart.request },
  });
  const proof = finishOpaqueLogin(
    password,
    opaqueStart,
    started.loginResponse,
    // Always the pinned setting, never the server's: a malicious server could ask for a
    // cost that hangs the browser, or a weak one.
    pinnedPasswordStretching,
  );
  const { account } = await api.call(finishUnlockRoute, {
    body: { attemptId: started.attemptId, finishLoginRequest: proof.finishRequest },
  });
  return {
    account,
    keys: unwrapUserKeys(proof.wrappingKey, fromBase64(account.wrappedKeys), account.id),
  };
}
