import {
  finishOpaqueServerLogin,
  keyedTokenDigest,
  parseBackupCode,
  pinnedPasswordStretching,
  randomToken,
  startOpaqueServerLogin,
  type TotpSecret,
  tokenDigest,
  verifyTotp,
} from '@corridor/crypto';
import {
  type AuthenticationResponseJSON,
  authenticationOptions,
  verifyAuthentication,
  webauthnChallenge,
} from '@corridor/crypto/webauthn';
import {
  type AccountSelfSchema,
  type FinishLoginBody,
  type LoggedIn,
  type LoginStarted,
  type StartLoginBody,
  type WebAuthnAuthenticationResponse,
  WebAuthnRequestOptions,
} from '@corridor/protocol';
import type { z } from 'zod';
import { ApiFailure } from '../http/error-handling.ts';
import { openServerValue, sealServerValue } from '../secrets/server-secrets.ts';
import type { Storage } from '../storage/storage.ts';
import { authPolicy } from './auth-policy.ts';
import { later } from './clock.ts';
import type { AuthDeps } from './registration.ts';
import { rolesOf } from './roles.ts';
import type { Authenticated } from './session-guard.ts';

/**
 * Counts an attempt against its handle and refuses it when the handle has had too many
 * unsuccessful attempts lately, whether or not it exists. The attempt is written first
 * and counted after, so parallel requests cannot all slip under the limit (each sees at
 * least every attempt written before it). Every attempt counts from its first message
 * on — a client that learns from OPAQUE's answer that the password was wrong need never
 * send the second — and only a successful login removes its attempt from the count.
 * @returns the digest of the attempt's row, to fill in or delete
 */
export async function claimAttempt(
  { storage, clock }: AuthDeps,
  handle: string,
  accountId: string | null,
  attemptId: string,
): Promise<string> {
  const now = clock();
  const idDigest = tokenDigest('login-attempt', attemptId);
  await storage.db
    .insertInto('login_attempt')
    .values({
      id_digest: idDigest,
      handle,
      account_id: accountId,
      server_state_sealed: '',
      created_at: now.toISOString(),
      expires_at: later(now, authPolicy.loginAttemptMs),
      used_at: null,
    })
    .execute();
  const since = new Date(now.getTime() - authPolicy.failureWindowMs).toISOString();
  const { n } = await storage.db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('handle', '=', handle)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(n) > authPolicy.maxFailures) throw new ApiFailure('rate_limited');
  return idDigest;
}

export function fail(): never {
  throw new ApiFailure('authentication_failed');
}

/**
 * Login, first step. An unknown or disabled handle runs OPAQUE on the fake record it
 * derives from the server setup (RFC 9807 §10.9), so the answer has the same shape and
 * cost as for a real account, and fails only at the end.
 */
export async function startLogin(
  deps: AuthDeps,
  body: z.infer<typeof StartLoginBody>,
): Promise<z.infer<typeof LoginStarted>> {
  return beginOpaqueLogin(deps, body.handle, body.startLoginRequest);
}

async function beginOpaqueLogin(
  deps: AuthDeps,
  handle: string,
  startLoginRequest: string,
): Promise<z.infer<typeof LoginStarted>> {
  const { storage, secrets } = deps;
  const account = await storage.db
    .selectFrom('account')
    .select(['id', 'opaque_record'])
    .where('handle', '=', handle)
    .where('status', '=', 'active')
    .executeTakeFirst();
  const attemptId = randomToken();
  const idDigest = await claimAttempt(deps, handle, account?.id ?? null, attemptId);
  const server = startOpaqueServerLogin(
    secrets.opaqueServerSetup,
    account?.id ?? `unknown:${handle}`,
    account?.opaque_record ?? null,
    startLoginRequest,
  );
  const challenge = webauthnChallenge();
  await storage.db
    .updateTable('login_attempt')
    .set({
      server_state_sealed: sealServerValue(secrets, 'login-state', idDigest, server.state),
      webauthn_challenge: challenge,
    })
    .where('id_digest', '=', idDigest)
    .execute();
  // Every account uses the pinned setting, and security keys are asked for without naming
  // any, so the answer is the same for unknown handles.
  return {
    attemptId,
    loginResponse: server.response,
    passwordStretching: pinnedPasswordStretching,
    webauthn: WebAuthnRequestOptions.parse(
      await authenticationOptions(deps.relyingParty(), challenge),
    ),
  };
}

/**
 * Unlock, first step: a signed-in member whose app locked itself proves the password
 * again (OPAQUE, the same attempt counting as login) to get their keys back.
 */
export async function startUnlock(
  deps: AuthDeps,
  auth: Authenticated,
  startLoginRequest: string,
): Promise<z.infer<typeof LoginStarted>> {
  const account = await deps.storage.db
    .selectFrom('account')
    .select('handle')
    .where('id', '=', auth.accountId)
    .executeTakeFirstOrThrow();
  return beginOpaqueLogin(deps, account.handle, startLoginRequest);
}

/** Unlock, last step: the proof must be for the session's own account. */
export async function finishUnlock(
  deps: AuthDeps,
  auth: Authenticated,
  attemptId: string,
  finishRequest: string,
): Promise<z.infer<typeof AccountSelfSchema>> {
  const { account, idDigest } = await completeOpaqueLogin(deps, attemptId, finishRequest);
  if (account.id !== auth.accountId) return fail();
  await deps.storage.db.deleteFrom('login_attempt').where('id_digest', '=', idDigest).execute();
  await deps.storage.db
    .updateTable('session')
    .set({ authenticated_at: deps.clock().toISOString() })
    .where('id', '=', auth.sessionId)
    .execute();
  return accountSelf(deps.storage, account.id);
}

export type SecondFactor =
  | { totpCode: string }
  | { backupCode: string }
  | { webauthn: z.infer<typeof WebAuthnAuthenticationResponse> };

/**
 * Checks a second factor for an account and uses it up: a TOTP code from a step after
 * the last accepted one (recorded atomically), an unused backup code, or a security
 * key's signature over the attempt's single-use challenge.
 */
export async function verifySecondFactor(
  deps: AuthDeps,
  account: { id: string; totp_secret_sealed: string; totp_last_step: number | null },
  secondFactor: SecondFactor,
  now: Date,
  challenge: string | null,
): Promise<boolean> {
  const { storage, secrets } = deps;
  if ('webauthn' in secondFactor) {
    if (!challenge) return false;
    return verifySecurityKey(deps, account.id, secondFactor.webauthn, challenge, now);
  }
  if ('totpCode' in secondFactor) {
    const secret = openServerValue(
      secrets,
      'totp',
      account.id,
      account.totp_secret_sealed,
    ) as TotpSecret;
    const step = await verifyTotp(
      secret,
      secondFactor.totpCode,
      account.totp_last_step,
      Math.floor(now.getTime() / 1000),
    );
    if (step === null) return false;
    const recorded = await storage.db
      .updateTable('account')
      .set({ totp_last_step: step })
      .where('id', '=', account.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    if (recorded.numUpdatedRows !== 1n) return false;
  } else {
    let code: string;
    try {
      code = parseBackupCode(secondFactor.backupCode);
    } catch {
      return false;
    }
    const used = await storage.db
      .updateTable('backup_code')
      .set({ used_at: now.toISOString() })
      .where('code_digest', '=', keyedTokenDigest(secrets.digestKey, 'backup-code', code))
      .where('account_id', '=', account.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (used.numUpdatedRows !== 1n) return false;
  }

  return true;
}

/**
 * A security key's assertion: the credential must be the account's own, the signature
 * must cover the challenge, and its counter is moved forward only if no other login
 * used the key meanwhile (compare and set).
 */
async function verifySecurityKey(
  { storage, relyingParty }: AuthDeps,
  accountId: string,
  response: z.infer<typeof WebAuthnAuthenticationResponse>,
  challenge: string,
  now: Date,
): Promise<boolean> {
  const row = await storage.db
    .selectFrom('webauthn_credential')
    .select(['id', 'public_key', 'counter', 'transports'])
    .where('id', '=', response.id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return false;
  let counter: number;
  try {
    ({ counter } = await verifyAuthentication(
      relyingParty(),
      challenge,
      // The shape is checked by the schema; what it proves, by the verifier.
      response as AuthenticationResponseJSON,
      {
        id: row.id,
        publicKey: row.public_key,
        counter: Number(row.counter),
        transports: JSON.parse(row.transports) as string[],
      },
    ));
  } catch {
    return false;
  }
  const moved = await storage.db
    .updateTable('webauthn_credential')
    .set({ counter, last_used_at: now.toISOString() })
    .where('id', '=', row.id)
    .where('counter', '=', row.counter)
    .executeTakeFirst();
  return moved.numUpdatedRows === 1n;
}

/**
 * The OPAQUE half of finishing a login or unlock: claims the attempt (once, even with
 * several instances), checks the proof, and returns the active account it was for.
 * Every failure looks the same; the attempt stays counted against the handle.
 */
async function completeOpaqueLogin(deps: AuthDeps, attemptId: string, finishRequest: string) {
  const { storage, secrets, clock } = deps;
  const idDigest = tokenDigest('login-attempt', attemptId);
  const now = clock();
  const attempt = await storage.db
    .selectFrom('login_attempt')
    .selectAll()
    .where('id_digest', '=', idDigest)
    .executeTakeFirst();
  if (!attempt || attempt.used_at !== null || attempt.expires_at <= now.toISOString()) {
    return fail();
  }
  const claimed = await storage.db
    .updateTable('login_attempt')
    .set({ used_at: now.toISOString(), server_state_sealed: '' })
    .where('id_digest', '=', idDigest)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (claimed.numUpdatedRows !== 1n) return fail();

  const state = openServerValue(secrets, 'login-state', idDigest, attempt.server_state_sealed);
  try {
    finishOpaqueServerLogin(state, finishRequest);
  } catch {
    return fail();
  }
  if (!attempt.account_id) return fail();
  const account = await storage.db
    .selectFrom('account')
    .selectAll()
    .where('id', '=', attempt.account_id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!account) return fail();
  return { account, attempt, idDigest, now };
}

/**
 * Login, last step: the OPAQUE proof, then the second factor (a TOTP code not used
 * before, or an unused backup code); opens a session. Every failure looks the same;
 * the attempt stays counted against the handle.
 */
export async function finishLogin(
  deps: AuthDeps,
  body: z.infer<typeof FinishLoginBody>,
): Promise<z.infer<typeof LoggedIn>> {
  const { storage } = deps;
  const { account, attempt, idDigest, now } = await completeOpaqueLogin(
    deps,
    body.attemptId,
    body.finishLoginRequest,
  );

  if (
    !(await verifySecondFactor(deps, account, body.secondFactor, now, attempt.webauthn_challenge))
  ) {
    return fail();
  }

  await storage.db.deleteFrom('login_attempt').where('id_digest', '=', idDigest).execute();
  const sessionToken = randomToken();
  const expiresAt = later(now, authPolicy.sessionLifetimeMs);
  await storage.db
    .insertInto('session')
    .values({
      id: randomToken(16),
      token_digest: tokenDigest('session', sessionToken),
      account_id: account.id,
      device_label: body.deviceLabel,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
      authenticated_at: now.toISOString(),
    })
    .execute();
  return { sessionToken, expiresAt, account: await accountSelf(storage, account.id) };
}

/** What a member may know of their own account. */
export async function accountSelf(
  storage: Storage,
  accountId: string,
): Promise<z.infer<typeof AccountSelfSchema>> {
  const account = await storage.db
    .selectFrom('account')
    .select(['id', 'handle', 'box_public_key', 'sign_public_key', 'wrapped_keys'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return {
    id: account.id,
    handle: account.handle,
    roles: await rolesOf(storage, accountId),
    boxPublicKey: account.box_public_key,
    signPublicKey: account.sign_public_key,
    wrappedKeys: account.wrapped_keys,
  };
}
