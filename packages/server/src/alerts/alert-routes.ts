import {
  createAlertLinkCodeRoute,
  telegramAlertStateRoute,
  unlinkTelegramAlertsRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate } from '../auth/session-guard.ts';
import { ApiFailure } from '../http/error-handling.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { createLinkCode, telegramLinkedAt, unlinkAccount } from './alert-link.ts';

/** A member's own Telegram alert binding: each member sees and changes only their own. */
export function registerAlertRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock, secrets } = deps;
  const now = () => clock().toISOString();
  const available = deps.telegramAlerts === true;

  const state = async (accountId: string) => {
    const linkedAt = await telegramLinkedAt(storage.db, accountId);
    return { available, linked: linkedAt !== null, linkedAt };
  };

  registerRoute(app, telegramAlertStateRoute, async ({ request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, await state(caller.accountId));
  });

  registerRoute(app, createAlertLinkCodeRoute, async ({ body, request }) => {
    const caller = await authenticate(request, storage, clock);
    if (!available) throw new ApiFailure('unavailable');
    return respond(
      200,
      await createLinkCode(storage.db, secrets, caller.accountId, body.language, now()),
    );
  });

  registerRoute(app, unlinkTelegramAlertsRoute, async ({ request }) => {
    const caller = await authenticate(request, storage, clock);
    await unlinkAccount(storage.db, caller.accountId, now());
    return respond(200, await state(caller.accountId));
  });
}
