import { tokenDigest } from '@corridor/crypto';
import type { Role } from '@corridor/protocol';
import type { FastifyRequest } from 'fastify';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { authPolicy } from './auth-policy.ts';
import type { Clock } from './clock.ts';
import { rolesOf } from './roles.ts';

export interface Authenticated {
  readonly accountId: string;
  readonly sessionId: string;
  readonly roles: readonly Role[];
  readonly sessionExpiresAt: string;
  /** When the password was last proved on this session. */
  readonly authenticatedAt: string;
}

const bearer = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

/**
 * The member behind a request's `Authorization: Bearer` token, or `unauthenticated`.
 * A session ends at its absolute expiry, after 4 hours without a request, on logout
 * or revocation, and when its account is disabled.
 */
export async function authenticate(
  request: FastifyRequest,
  storage: Storage,
  clock: Clock,
): Promise<Authenticated> {
  const match = bearer.exec(request.headers.authorization ?? '');
  if (!match?.[1]) throw new ApiFailure('unauthenticated');
  const now = clock();
  const session = await storage.db
    .selectFrom('session')
    .innerJoin('account', 'account.id', 'session.account_id')
    .select([
      'session.id',
      'session.account_id',
      'session.expires_at',
      'session.last_seen_at',
      'session.revoked_at',
      'session.authenticated_at',
      'account.status',
    ])
    .where('session.token_digest', '=', tokenDigest('session', match[1]))
    .executeTakeFirst();
  const idleSince = new Date(now.getTime() - authPolicy.sessionIdleMs).toISOString();
  if (
    !session ||
    session.revoked_at !== null ||
    session.status !== 'active' ||
    session.expires_at <= now.toISOString() ||
    session.last_seen_at <= idleSince
  ) {
    throw new ApiFailure('unauthenticated');
  }
  if (now.getTime() - Date.parse(session.last_seen_at) > authPolicy.sessionTouchMs) {
    await storage.db
      .updateTable('session')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', session.id)
      .execute();
  }
  return {
    accountId: session.account_id,
    sessionId: session.id,
    roles: await rolesOf(storage, session.account_id),
    sessionExpiresAt: session.expires_at,
    authenticatedAt: session.authenticated_at,
  };
}

/** `authenticate`, then `forbidden` unless the member holds the role. */
export async function requireRole(
  request: FastifyRequest,
  storage: Storage,
  clock: Clock,
  role: Role,
): Promise<Authenticated> {
  const auth = await authenticate(request, storage, clock);
  if (!auth.roles.includes(role)) throw new ApiFailure('forbidden');
  return auth;
}

/**
 * Refuses a change to keys or accounts unless the password was proved on this session
 * in the last five minutes (ASVS 7.5: re-authentication before sensitive operations).
 * The client answers `reauthentication_required` by asking for the password (unlock).
 */
export function requireRecentAuthentication(auth: Authenticated, clock: Clock): void {
  const elapsed = clock().getTime() - Date.parse(auth.authenticatedAt);
  // Written so that an unreadable time (NaN) refuses rather than passes.
  if (!(elapsed <= authPolicy.reauthenticationMs)) {
    throw new ApiFailure('reauthentication_required');
  }
}
