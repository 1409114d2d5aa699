import {
  finishOpaqueRegistration,
  fromBase64,
  generateRecoveryCode,
  initCrypto,
  parseRecoveryCode,
  type RecoveryCode,
  sign,
  startOpaqueRegistration,
  toBase64,
  unwrapUserKeys,
  utf8,
  wrappingKeyFromRecoveryCode,
  wrapUserKeys,
} from '@corridor/crypto';
import { finishRecoveryRoute, recoveryRegisterRoute, startRecoveryRoute } from '@corridor/protocol';
import type { ApiClient } from '../api/api-client.ts';
import type { CodeFactor } from './log-in.ts';

export interface RecoverInput {
  readonly handle: string;
  readonly recoveryCode: string;
  readonly secondFactor: CodeFactor;
  readonly newPassword: string;
}

/**
 * Restores access after a lost password: the second factor opens the recovery, the
 * recovery code unwraps the member's keys here, their signing key proves it to the
 * server, and a new password is registered (OPAQUE). The keys stay the same, so teams
 * and cases stay readable; they are wrapped anew under the new password and under a
 * new recovery code, returned to show once.
 * @throws CryptoError `decryption_failed` for a wrong recovery code (checked here, not by the server)
 */
export async function recoverAccount(
  api: ApiClient,
  input: RecoverInput,
): Promise<{ recoveryCode: RecoveryCode }> {
  await initCrypto();
  const started = await api.call(startRecoveryRoute, {
    body: { handle: input.handle, secondFactor: input.secondFactor },
  });
  const keys = unwrapUserKeys(
    wrappingKeyFromRecoveryCode(parseRecoveryCode(input.recoveryCode)),
    fromBase64(started.recoveryWrappedKeys),
    started.accountId,
  );
  const statement = utf8(
    JSON.stringify(['account-recovery', started.accountId, started.challenge]),
  );
  const opaqueStart = startOpaqueRegistration(input.newPassword);
  const { registrationResponse } = await api.call(recoveryRegisterRoute, {
    body: {
      recoveryId: started.recoveryId,
      signature: toBase64(sign(keys.sign.secretKey, 'account-recovery', statement)),
      registrationRequest: opaqueStart.request,
    },
  });
  const registered = finishOpaqueRegistration(input.newPassword, opaqueStart, registrationResponse);
  const recoveryCode = generateRecoveryCode();
  await api.call(finishRecoveryRoute, {
    body: {
      recoveryId: started.recoveryId,
      registrationRecord: registered.record,
      passwordStretching: registered.stretching,
      wrappedKeys: toBase64(wrapUserKeys(registered.wrappingKey, keys, started.accountId)),
      recoveryWrappedKeys: toBase64(
        wrapUserKeys(wrappingKeyFromRecoveryCode(recoveryCode), keys, started.accountId),
      ),
    },
  });
  return { recoveryCode };
}
