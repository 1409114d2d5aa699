import {
  type RegistrationResponseJSON,
  registrationOptions,
  verifyRegistration,
  webauthnChallenge,
} from '@corridor/crypto/webauthn';
import {
  deleteWebAuthnCredentialRoute,
  finishWebAuthnRegistrationRoute,
  listWebAuthnCredentialsRoute,
  startWebAuthnRegistrationRoute,
  WebAuthnCreationOptions,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import { ApiFailure } from '../http/error-handling.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import type { Storage } from '../storage/storage.ts';
import { authPolicy } from './auth-policy.ts';
import { later } from './clock.ts';
import { verifySecondFactor } from './login.ts';
import type { AuthDeps } from './registration.ts';
import { authenticate, requireRecentAuthentication } from './session-guard.ts';

async function credentialsOf(storage: Storage, accountId: string) {
  return storage.db
    .selectFrom('webauthn_credential')
    .select(['id', 'public_key', 'counter', 'transports', 'label', 'created_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .limit(authPolicy.maxSecurityKeys * 5)
    .execute();
}

/**
 * A member's security keys and passkeys, a second factor beside TOTP: enrolled while
 * signed in with the password proved in the last five minutes, listed, and removed.
 */
export function registerSecurityKeyRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock, relyingParty } = deps;

  registerRoute(app, startWebAuthnRegistrationRoute, async ({ request }) => {
    const auth = await authenticate(request, storage, clock);
    requireRecentAuthentication(auth, clock);
    const existing = await credentialsOf(storage, auth.accountId);
    if (existing.length >= authPolicy.maxSecurityKeys) throw new ApiFailure('conflict');
    const challenge = webauthnChallenge();
    const expiresAt = later(clock(), authPolicy.securityKeyEnrolmentMs);
    // One enrolment at a time per session: a new start replaces the last challenge.
    await storage.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('webauthn_enrolment').where('session_id', '=', auth.sessionId).execute();
      await trx
        .insertInto('webauthn_enrolment')
        .values({ session_id: auth.sessionId, challenge, expires_at: expiresAt })
        .execute();
    });
    const options = await registrationOptions(
      relyingParty(),
      challenge,
      existing.map((c) => ({
        id: c.id,
        publicKey: c.public_key,
        counter: Number(c.counter),
        transports: JSON.parse(c.transports) as string[],
      })),
    );
    return respond(200, { options: WebAuthnCreationOptions.parse(options) });
  });

  registerRoute(app, finishWebAuthnRegistrationRoute, async ({ body, request }) => {
    const auth = await authenticate(request, storage, clock);
    requireRecentAuthentication(auth, clock);
    const now = clock();
    const account = await storage.db
      .selectFrom('account')
      .select(['id', 'totp_secret_sealed', 'totp_last_step'])
      .where('id', '=', auth.accountId)
      .executeTakeFirstOrThrow();
    // Taken whatever happens next: a challenge answers one enrolment only.
    const enrolment = await storage.db
      .deleteFrom('webauthn_enrolment')
      .where('session_id', '=', auth.sessionId)
      .returning(['challenge', 'expires_at'])
      .executeTakeFirst();
    if (!enrolment || enrolment.expires_at <= now.toISOString()) {
      throw new ApiFailure('authentication_failed');
    }
    if (!(await verifySecondFactor(deps, account, body.secondFactor, now, null))) {
      throw new ApiFailure('authentication_failed');
    }
    let credential: Awaited<ReturnType<typeof verifyRegistration>>;
    try {
      credential = await verifyRegistration(
        relyingParty(),
        enrolment.challenge,
        // The shape is checked by the schema; what it proves, by the verifier.
        body.response as RegistrationResponseJSON,
      );
    } catch {
      throw new ApiFailure('authentication_failed');
    }
    const createdAt = now.toISOString();
    await storage.db.transaction().execute(async (trx) => {
      const { n } = await trx
        .selectFrom('webauthn_credential')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', auth.accountId)
        .executeTakeFirstOrThrow();
      if (Number(n) >= authPolicy.maxSecurityKeys) throw new ApiFailure('conflict');
      // A credential id already enrolled (by anyone) is refused by the primary key: conflict.
      await trx
        .insertInto('webauthn_credential')
        .values({
          id: credential.id,
          account_id: auth.accountId,
          public_key: credential.publicKey,
          counter: credential.counter,
          transports: JSON.stringify(credential.transports),
          label: body.label,
          created_at: createdAt,
          last_used_at: null,
        })
        .execute();
    });
    return respond(201, {
      credential: { id: credential.id, label: body.label, createdAt, lastUsedAt: null },
    });
  });

  registerRoute(app, listWebAuthnCredentialsRoute, async ({ request }) => {
    const auth = await authenticate(request, storage, clock);
    const rows = await credentialsOf(storage, auth.accountId);
    return respond(200, {
      credentials: rows.map((row) => ({
        id: row.id,
        label: row.label,
        createdAt: row.created_at,
        lastUsedAt: row.last_used_at,
      })),
    });
  });

  registerRoute(app, deleteWebAuthnCredentialRoute, async ({ params, request }) => {
    const auth = await authenticate(request, storage, clock);
    requireRecentAuthentication(auth, clock);
    const deleted = await storage.db
      .deleteFrom('webauthn_credential')
      .where('id', '=', params.credentialId)
      .where('account_id', '=', auth.accountId)
      .executeTakeFirst();
    // Another member's key, or none: the same answer, so ids cannot be probed.
    if (deleted.numDeletedRows !== 1n) throw new ApiFailure('not_found');
    return respond(200, { ok: true as const });
  });
}
