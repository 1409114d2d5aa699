import { randomToken, tokenDigest } from '@corridor/crypto';
import type { Role } from '@corridor/protocol';
import { ApiFailure } from '../http/error-handling.ts';
import type { InvitationTable } from '../storage/schema.ts';
import type { Storage } from '../storage/storage.ts';
import { type Clock, later } from './clock.ts';

/**
 * Creates a single-use invitation; only the digest is stored, the token is returned
 * once. `createdBy` is null for the first administrator's, made by `corridor init`.
 */
export async function createInvitation(
  storage: Storage,
  clock: Clock,
  roles: readonly Role[],
  expiresInHours: number,
  createdBy: string | null,
): Promise<{ token: string; expiresAt: string }> {
  const now = clock();
  const token = randomToken();
  const expiresAt = later(now, expiresInHours * 60 * 60 * 1000);
  await storage.db
    .insertInto('invitation')
    .values({
      token_digest: tokenDigest('invitation', token),
      roles: JSON.stringify([...new Set(roles)]),
      created_by: createdBy,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      account_id: null,
      handle: null,
      totp_secret_sealed: null,
      used_at: null,
    })
    .execute();
  return { token, expiresAt };
}

/** The open invitation for a token, or `invitation_invalid` (unknown, used and expired look alike). */
export async function openInvitation(
  storage: Storage,
  clock: Clock,
  token: string,
): Promise<InvitationTable> {
  const invitation = await storage.db
    .selectFrom('invitation')
    .selectAll()
    .where('token_digest', '=', tokenDigest('invitation', token))
    .executeTakeFirst();
  if (
    !invitation ||
    invitation.used_at !== null ||
    invitation.expires_at <= clock().toISOString()
  ) {
    throw new ApiFailure('invitation_invalid');
  }
  return invitation;
}
