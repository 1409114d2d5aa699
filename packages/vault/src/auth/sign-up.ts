import {
  finishOpaqueRegistration,
  generateRecoveryCode,
  generateUserKeys,
  initCrypto,
  type RecoveryCode,
  startOpaqueRegistration,
  toBase64,
  wrappingKeyFromRecoveryCode,
  wrapUserKeys,
} from '@corridor/crypto';
import { finishRegistrationRoute, startRegistrationRoute } from '@corridor/protocol';
import type { ApiClient } from '../api/api-client.ts';

export interface SignUpInput {
  readonly invitationToken: string;
  readonly handle: string;
  readonly password: string;
  /**
   * Shows the member the TOTP secret (as a QR code of `uri`) and returns the code their
   * authenticator app then shows. Sign-up completes only with it.
   */
  readonly enrolTotp: (secret: string, uri: string) => Promise<string>;
}

export interface SignUpResult {
  readonly accountId: string;
  /** Shown once: restores access if the password is lost. Never sent to the server. */
  readonly recoveryCode: RecoveryCode;
  /** Shown once: each logs in once in place of a TOTP code. */
  readonly backupCodes: readonly string[];
}

/**
 * Signs a new member up with an invitation. The password stays in this process
 * (OPAQUE); the member's key pairs are made here and reach the server only wrapped —
 * under the key from the OPAQUE export key, and under the recovery code's key.
 */
export async function signUp(api: ApiClient, input: SignUpInput): Promise<SignUpResult> {
  await initCrypto();
  const opaqueStart = startOpaqueRegistration(input.password);
  const started = await api.call(startRegistrationRoute, {
    body: {
      invitationToken: input.invitationToken,
      handle: input.handle,
      registrationRequest: opaqueStart.request,
    },
  });
  const registered = finishOpaqueRegistration(
    input.password,
    opaqueStart,
    started.registrationResponse,
  );
  const keys = generateUserKeys();
  const recoveryCode = generateRecoveryCode();
  const totpCode = await input.enrolTotp(started.totpSecret, started.totpUri);
  const finished = await api.call(finishRegistrationRoute, {
    body: {
      invitationToken: input.invitationToken,
      registrationRecord: registered.record,
      passwordStretching: registered.stretching,
      boxPublicKey: toBase64(keys.box.publicKey),
      signPublicKey: toBase64(keys.sign.publicKey),
      wrappedKeys: toBase64(wrapUserKeys(registered.wrappingKey, keys, started.accountId)),
      recoveryWrappedKeys: toBase64(
        wrapUserKeys(wrappingKeyFromRecoveryCode(recoveryCode), keys, started.accountId),
      ),
      totpCode,
    },
  });
  return { accountId: finished.accountId, recoveryCode, backupCodes: finished.backupCodes };
}
