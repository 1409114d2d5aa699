import { type TotpSecret, totpCode } from '@corridor/crypto';
import type { Role } from '@corridor/protocol';
import { createInvitation, systemClock } from '@corridor/server';
import { createApiClient, signUp } from '@corridor/vault';
import type { RunningCorridor } from './corridor.ts';

export interface RegisteredMember {
  readonly handle: string;
  readonly password: string;
  readonly backupCodes: string[];
}

/** Signs a member up through the client core (as the sign-up page does), for stories that start later. */
export async function registerMember(
  corridor: RunningCorridor,
  handle: string,
  roles: Role[],
): Promise<RegisteredMember> {
  const { token } = await createInvitation(corridor.server.storage, systemClock, roles, 1, null);
  const password = `password of ${handle}`;
  const result = await signUp(createApiClient({ baseUrl: corridor.server.staffUrl }), {
    invitationToken: token,
    handle,
    password,
    enrolTotp: (secret) => totpCode(secret as TotpSecret),
  });
  return { handle, password, backupCodes: [...result.backupCodes] };
}
