import {
  createInvitationRoute,
  disableAccountRoute,
  finishLoginRoute,
  finishRecoveryRoute,
  finishRegistrationRoute,
  finishUnlockRoute,
  getSessionRoute,
  listAccountsRoute,
  listSessionsRoute,
  logoutRoute,
  recoveryRegisterRoute,
  revokeSessionRoute,
  startLoginRoute,
  startRecoveryRoute,
  startRegistrationRoute,
  startUnlockRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import { ApiFailure } from '../http/error-handling.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { authPolicy } from './auth-policy.ts';
import { createInvitation } from './invitations.ts';
import { accountSelf, finishLogin, finishUnlock, startLogin, startUnlock } from './login.ts';
import { finishRecovery, registerRecovery, startRecovery } from './recovery.ts';
import { type AuthDeps, finishRegistration, startRegistration } from './registration.ts';
import { rolesByAccount } from './roles.ts';
import { authenticate, requireRecentAuthentication, requireRole } from './session-guard.ts';

/** Accounts, sign-up by invitation, login with a second factor, and the member's sessions. */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock } = deps;
  const guessable = {
    perAddressPerMinute: deps.perAddressPerMinute ?? authPolicy.perAddressPerMinute,
  };

  registerRoute(app, createInvitationRoute, async ({ body, request }) => {
    const admin = await requireRole(request, storage, clock, 'administrator');
    requireRecentAuthentication(admin, clock);
    return respond(
      201,
      await createInvitation(storage, clock, body.roles, body.expiresInHours, admin.accountId),
    );
  });

  registerRoute(app, listAccountsRoute, async ({ request }) => {
    await requireRole(request, storage, clock, 'administrator');
    const accounts = await storage.db
      .selectFrom('account')
      .select(['id', 'handle', 'status', 'created_at'])
      .orderBy('handle')
      .limit(10_000)
      .execute();
    const roles = await rolesByAccount(storage);
    return respond(200, {
      accounts: accounts.map((a) => ({
        id: a.id,
        handle: a.handle,
        status: a.status,
        createdAt: a.created_at,
        roles: roles.get(a.id) ?? [],
      })),
    });
  });

  registerRoute(app, disableAccountRoute, async ({ params, request }) => {
    const admin = await requireRole(request, storage, clock, 'administrator');
    requireRecentAuthentication(admin, clock);
    // An administrator locking themself out would leave no one to undo it.
    if (params.accountId === admin.accountId) throw new ApiFailure('invalid_request');
    const now = clock().toISOString();
    await storage.db.transaction().execute(async (trx) => {
      const disabled = await trx
        .updateTable('account')
        .set({ status: 'disabled' })
        .where('id', '=', params.accountId)
        .executeTakeFirst();
      if (disabled.numUpdatedRows !== 1n) throw new ApiFailure('not_found');
      await trx
        .updateTable('session')
        .set({ revoked_at: now })
        .where('account_id', '=', params.accountId)
        .where('revoked_at', 'is', null)
        .execute();
    });
    return respond(200, { ok: true as const });
  });

  registerRoute(
    app,
    startRecoveryRoute,
    async ({ body }) => respond(200, await startRecovery(deps, body)),
    guessable,
  );
  registerRoute(
    app,
    recoveryRegisterRoute,
    async ({ body }) => respond(200, await registerRecovery(deps, body)),
    guessable,
  );
  registerRoute(
    app,
    finishRecoveryRoute,
    async ({ body }) => {
      await finishRecovery(deps, body);
      return respond(200, { ok: true as const });
    },
    guessable,
  );

  registerRoute(
    app,
    startRegistrationRoute,
    async ({ body }) => respond(200, await startRegistration(deps, body)),
    guessable,
  );
  registerRoute(
    app,
    finishRegistrationRoute,
    async ({ body }) => respond(201, await finishRegistration(deps, body)),
    guessable,
  );
  registerRoute(
    app,
    startLoginRoute,
    async ({ body }) => respond(200, await startLogin(deps, body)),
    guessable,
  );
  registerRoute(
    app,
    finishLoginRoute,
    async ({ body }) => respond(200, await finishLogin(deps, body)),
    guessable,
  );

  registerRoute(
    app,
    startUnlockRoute,
    async ({ body, request }) => {
      const auth = await authenticate(request, storage, clock);
      return respond(200, await startUnlock(deps, auth, body.startLoginRequest));
    },
    guessable,
  );

  registerRoute(
    app,
    finishUnlockRoute,
    async ({ body, request }) => {
      const auth = await authenticate(request, storage, clock);
      return respond(200, {
        account: await finishUnlock(deps, auth, body.attemptId, body.finishLoginRequest),
      });
    },
    guessable,
  );

  registerRoute(app, getSessionRoute, async ({ request }) => {
    const auth = await authenticate(request, storage, clock);
    return respond(200, {
      account: await accountSelf(storage, auth.accountId),
      session: { id: auth.sessionId, expiresAt: auth.sessionExpiresAt },
    });
  });

  registerRoute(app, logoutRoute, async ({ request, reply }) => {
    const auth = await authenticate(request, storage, clock);
    await storage.db
      .updateTable('session')
      .set({ revoked_at: clock().toISOString() })
      .where('id', '=', auth.sessionId)
      .execute();
    // The browser drops what it kept for this origin (W3C Clear Site Data).
    reply.header('clear-site-data', '"cache", "cookies", "storage"');
    return respond(200, { ok: true as const });
  });

  registerRoute(app, listSessionsRoute, async ({ request }) => {
    const auth = await authenticate(request, storage, clock);
    const now = clock().toISOString();
    const rows = await storage.db
      .selectFrom('session')
      .select(['id', 'device_label', 'created_at', 'last_seen_at'])
      .where('account_id', '=', auth.accountId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    return respond(200, {
      sessions: rows.map((row) => ({
        id: row.id,
        deviceLabel: row.device_label,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        current: row.id === auth.sessionId,
      })),
    });
  });

  registerRoute(app, revokeSessionRoute, async ({ params, request }) => {
    const auth = await authenticate(request, storage, clock);
    const revoked = await storage.db
      .updateTable('session')
      .set({ revoked_at: clock().toISOString() })
      .where('id', '=', params.sessionId)
      .where('account_id', '=', auth.accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    // Another member's session, or none: the same answer, so ids cannot be probed.
    if (revoked.numUpdatedRows !== 1n) throw new ApiFailure('not_found');
    return respond(200, { ok: true as const });
  });
}
