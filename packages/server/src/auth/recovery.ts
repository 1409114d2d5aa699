import {
  asSignPublicKey,
  fromBase64,
  opaqueRegistrationResponse,
  randomToken,
  tokenDigest,
  utf8,
  verify,
} from '@corridor/crypto';
import type {
  FinishRecoveryBody,
  RecoveryRegisterBody,
  RecoveryRegistered,
  RecoveryStarted,
  StartRecoveryBody,
} from '@corridor/protocol';
import type { z } from 'zod';
import { ApiFailure } from '../http/error-handling.ts';
import { later } from './clock.ts';
import { claimAttempt, fail, verifySecondFactor } from './login.ts';
import { samePasswordStretching } from './password-stretching.ts';
import type { AuthDeps } from './registration.ts';

const recoveryMs = 10 * 60 * 1000;

/** What the member signs: the account and the server's challenge, for this purpose only. */
export function recoveryStatement(accountId: string, challenge: string): Uint8Array {
  return utf8(JSON.stringify(['account-recovery', accountId, challenge]));
}

/**
 * Recovery, first step: the second factor (TOTP or a backup code) opens it. The server
 * cannot check the recovery code — it never had it — so it hands out the keys wrapped
 * under it (160 bits: no offline guessing) and a challenge that only the unwrapped
 * signing key can sign. Counts against the handle like a login.
 */
export async function startRecovery(
  deps: AuthDeps,
  body: z.infer<typeof StartRecoveryBody>,
): Promise<z.infer<typeof RecoveryStarted>> {
  const { storage, clock } = deps;
  await claimAttempt(deps, body.handle, null, randomToken());
  const account = await storage.db
    .selectFrom('account')
    .selectAll()
    .where('handle', '=', body.handle)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!account) return fail();
  const now = clock();
  if (!(await verifySecondFactor(deps, account, body.secondFactor, now, null))) return fail();
  const recoveryId = randomToken();
  const challenge = randomToken();
  await storage.db
    .insertInto('recovery_attempt')
    .values({
      id_digest: tokenDigest('recovery', recoveryId),
      account_id: account.id,
      challenge,
      created_at: now.toISOString(),
      expires_at: later(now, recoveryMs),
      verified_at: null,
    })
    .execute();
  return {
    recoveryId,
    accountId: account.id,
    challenge,
    recoveryWrappedKeys: account.recovery_wrapped_keys,
  };
}

async function openAttempt({ storage, clock }: AuthDeps, recoveryId: string) {
  const attempt = await storage.db
    .selectFrom('recovery_attempt')
    .selectAll()
    .where('id_digest', '=', tokenDigest('recovery', recoveryId))
    .executeTakeFirst();
  if (!attempt || attempt.expires_at <= clock().toISOString()) return fail();
  return attempt;
}

/** Recovery, second step: the signed challenge proves the recovery code; OPAQUE for the new password. */
export async function registerRecovery(
  deps: AuthDeps,
  body: z.infer<typeof RecoveryRegisterBody>,
): Promise<z.infer<typeof RecoveryRegistered>> {
  const attempt = await openAttempt(deps, body.recoveryId);
  const account = await deps.storage.db
    .selectFrom('account')
    .select(['sign_public_key'])
    .where('id', '=', attempt.account_id)
    .executeTakeFirstOrThrow();
  const signed = verify(
    asSignPublicKey(fromBase64(account.sign_public_key)),
    'account-recovery',
    recoveryStatement(attempt.account_id, attempt.challenge),
    fromBase64(body.signature),
  );
  if (!signed) return fail();
  await deps.storage.db
    .updateTable('recovery_attempt')
    .set({ verified_at: deps.clock().toISOString() })
    .where('id_digest', '=', attempt.id_digest)
    .execute();
  return {
    registrationResponse: opaqueRegistrationResponse(
      deps.secrets.opaqueServerSetup,
      attempt.account_id,
      body.registrationRequest,
    ),
  };
}

/** Recovery, last step: the new OPAQUE record and re-wrapped keys replace the old; every session ends. */
export async function finishRecovery(
  deps: AuthDeps,
  body: z.infer<typeof FinishRecoveryBody>,
): Promise<void> {
  // One setting for every account: weaker stretching would make a seized database
  // cheaper to attack, and a per-account value would tell handles apart.
  if (!samePasswordStretching(body.passwordStretching)) throw new ApiFailure('invalid_request');
  const attempt = await openAttempt(deps, body.recoveryId);
  if (attempt.verified_at === null) return fail();
  const now = deps.clock().toISOString();
  await deps.storage.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('recovery_attempt')
      .where('id_digest', '=', attempt.id_digest)
      .executeTakeFirst();
    if (removed.numDeletedRows !== 1n) return fail();
    const updated = await trx
      .updateTable('account')
      .set({
        opaque_record: body.registrationRecord,
        password_stretching: JSON.stringify(body.passwordStretching),
        wrapped_keys: body.wrappedKeys,
        recovery_wrapped_keys: body.recoveryWrappedKeys,
      })
      .where('id', '=', attempt.account_id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) return fail();
    await trx
      .updateTable('session')
      .set({ revoked_at: now })
      .where('account_id', '=', attempt.account_id)
      .where('revoked_at', 'is', null)
      .execute();
    // A key someone else may have added is gone with everything else; the member
    // enrols theirs again.
    await trx
      .deleteFrom('webauthn_credential')
      .where('account_id', '=', attempt.account_id)
      .execute();
  });
}
