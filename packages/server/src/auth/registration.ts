import {
  fromBase64,
  generateBackupCode,
  generateTotpSecret,
  keyedTokenDigest,
  opaqueRegistrationResponse,
  randomToken,
  type TotpSecret,
  totpUri,
  verifyTotp,
} from '@corridor/crypto';
import type { RelyingParty } from '@corridor/crypto/webauthn';
import {
  type FinishRegistrationBody,
  type RegistrationFinished,
  type RegistrationStarted,
  RoleSchema,
  type StartRegistrationBody,
} from '@corridor/protocol';
import type { z } from 'zod';
import { ApiFailure } from '../http/error-handling.ts';
import type { ReferralNotifier } from '../referrals/referral-notice.ts';
import { openServerValue, type ServerSecrets, sealServerValue } from '../secrets/server-secrets.ts';
import type { Storage } from '../storage/storage.ts';
import { authPolicy } from './auth-policy.ts';
import type { Clock } from './clock.ts';
import { openInvitation } from './invitations.ts';
import { samePasswordStretching } from './password-stretching.ts';

export interface AuthDeps {
  readonly storage: Storage;
  readonly secrets: ServerSecrets;
  readonly clock: Clock;
  /** Who security keys sign for: the staff app's host name and origin. */
  readonly relyingParty: () => RelyingParty;
  /** Requests per client address per minute on endpoints open to guessing (default in authPolicy). */
  readonly perAddressPerMinute?: number;
  /** Case writes one account may make per minute (default in casePolicy). */
  readonly caseWritesPerMinute?: number;
  /** Minutes a hotline hand-over waits before it returns (default in intake/handover.ts). */
  readonly handoverTimeoutMinutes?: number;
  /** Tells a partner a referral waits (SMTP configured); unset: no notice is sent. */
  readonly referralNotifier?: ReferralNotifier;
  /** The public listener's address (`CORRIDOR_PUBLIC_URL`), where partners answer referrals. */
  readonly publicUrl?: string;
  /** A Telegram bot runs (CORRIDOR_TELEGRAM_TOKEN), so members may link it for alarm notices. */
  readonly telegramAlerts?: boolean;
}

async function handleTaken(storage: Storage, handle: string): Promise<boolean> {
  const existing = await storage.db
    .selectFrom('account')
    .select('id')
    .where('handle', '=', handle)
    .executeTakeFirst();
  return existing !== undefined;
}

/**
 * Registration, first step: checks the invitation, reserves an account id and the
 * handle on it, answers OPAQUE, and offers a TOTP secret to enrol (sealed on the
 * invitation until the second step proves it was enrolled).
 */
export async function startRegistration(
  { storage, secrets, clock }: AuthDeps,
  body: z.infer<typeof StartRegistrationBody>,
): Promise<z.infer<typeof RegistrationStarted>> {
  const invitation = await openInvitation(storage, clock, body.invitationToken);
  if (await handleTaken(storage, body.handle)) throw new ApiFailure('handle_taken');
  const accountId = invitation.account_id ?? randomToken(16);
  const totpSecret = generateTotpSecret();
  const registrationResponse = opaqueRegistrationResponse(
    secrets.opaqueServerSetup,
    accountId,
    body.registrationRequest,
  );
  await storage.db
    .updateTable('invitation')
    .set({
      account_id: accountId,
      handle: body.handle,
      totp_secret_sealed: sealServerValue(secrets, 'totp', accountId, totpSecret),
    })
    .where('token_digest', '=', invitation.token_digest)
    .where('used_at', 'is', null)
    .execute();
  return {
    accountId,
    registrationResponse,
    totpSecret,
    totpUri: totpUri(totpSecret, 'Corridor', body.handle),
  };
}

const keyBytes = (value: string) => {
  try {
    return fromBase64(value).length;
  } catch {
    return -1;
  }
};

/**
 * Registration, second step: with a valid TOTP code from the offered secret, creates
 * the account from what the browser made (OPAQUE record, public keys, wrapped private
 * keys), its roles and ten backup codes, and uses up the invitation — all or nothing.
 */
export async function finishRegistration(
  { storage, secrets, clock }: AuthDeps,
  body: z.infer<typeof FinishRegistrationBody>,
): Promise<z.infer<typeof RegistrationFinished>> {
  const invitation = await openInvitation(storage, clock, body.invitationToken);
  const { account_id: accountId, handle, totp_secret_sealed: sealedSecret } = invitation;
  if (!accountId || !handle || !sealedSecret) throw new ApiFailure('invitation_invalid');
  if (keyBytes(body.boxPublicKey) !== 32 || keyBytes(body.signPublicKey) !== 32) {
    throw new ApiFailure('invalid_request');
  }
  // One setting for every account: weaker stretching would make a seized database
  // cheaper to attack, and a per-account value would tell handles apart.
  if (!samePasswordStretching(body.passwordStretching)) throw new ApiFailure('invalid_request');
  const totpSecret = openServerValue(secrets, 'totp', accountId, sealedSecret) as TotpSecret;
  const step = await verifyTotp(
    totpSecret,
    body.totpCode,
    null,
    Math.floor(clock().getTime() / 1000),
  );
  if (step === null) throw new ApiFailure('authentication_failed');

  const roles = RoleSchema.array().parse(JSON.parse(invitation.roles));
  const backupCodes = Array.from({ length: authPolicy.backupCodes }, () => generateBackupCode());
  const now = clock().toISOString();
  await storage.db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('invitation')
      // The TOTP secret moves to the account; the invitation keeps no copy.
      .set({ used_at: now, totp_secret_sealed: null })
      .where('token_digest', '=', invitation.token_digest)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (used.numUpdatedRows !== 1n) throw new ApiFailure('invitation_invalid');
    const taken = await trx
      .selectFrom('account')
      .select('id')
      .where('handle', '=', handle)
      .executeTakeFirst();
    if (taken) throw new ApiFailure('handle_taken');
    await trx
      .insertInto('account')
      .values({
        id: accountId,
        handle,
        status: 'active',
        created_at: now,
        opaque_record: body.registrationRecord,
        password_stretching: JSON.stringify(body.passwordStretching),
        box_public_key: body.boxPublicKey,
        sign_public_key: body.signPublicKey,
        wrapped_keys: body.wrappedKeys,
        recovery_wrapped_keys: body.recoveryWrappedKeys,
        totp_secret_sealed: sealedSecret,
        totp_last_step: step,
      })
      .execute();
    await trx
      .insertInto('account_role')
      .values(roles.map((role) => ({ account_id: accountId, role })))
      .execute();
    await trx
      .insertInto('backup_code')
      .values(
        backupCodes.map((code) => ({
          code_digest: keyedTokenDigest(secrets.digestKey, 'backup-code', code),
          account_id: accountId,
          used_at: null,
        })),
      )
      .execute();
  });
  return { accountId, backupCodes };
}
