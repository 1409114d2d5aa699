import type { Storage } from '../storage/storage.ts';
import { authPolicy } from './auth-policy.ts';
import type { Clock } from './clock.ts';

/** Revoked or expired sessions are kept this long (the member's device list, then gone). */
const endedSessionRetentionMs = 30 * 24 * 60 * 60 * 1000;

/**
 * Deletes what the server no longer needs: login attempts past the rate-limit window
 * (an unfinished one still holds sealed OPAQUE state), recovery attempts and security-key
 * enrolments past their expiry, and sessions ended more than 30 days ago. Idempotent, so every instance may run it.
 */
export async function purgeExpired(storage: Storage, clock: Clock): Promise<void> {
  const now = clock().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  await storage.db
    .deleteFrom('login_attempt')
    .where('created_at', '<', iso(now - authPolicy.failureWindowMs))
    .execute();
  await storage.db.deleteFrom('recovery_attempt').where('expires_at', '<', iso(now)).execute();
  await storage.db.deleteFrom('webauthn_enrolment').where('expires_at', '<', iso(now)).execute();
  await storage.db
    .deleteFrom('session')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<', iso(now - endedSessionRetentionMs)),
        eb('revoked_at', '<', iso(now - endedSessionRetentionMs)),
      ]),
    )
    .execute();
}
