import {
  getFundsSettingRoute,
  listCaseExpensesRoute,
  putFundsThresholdRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate, requireRecentAuthentication, requireRole } from '../auth/session-guard.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { caseExpenseStates, fundsSetting, setFundsThreshold } from './funds-service.ts';

/**
 * The funds ledger's server side: the threshold (every member reads it, administrators set
 * it) and a case's expense states. Expenses themselves are written as case events.
 */
export function registerFundsRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock } = deps;
  const now = () => clock().toISOString();

  registerRoute(app, getFundsSettingRoute, async ({ request }) => {
    await authenticate(request, storage, clock);
    return respond(200, await fundsSetting(storage.db));
  });

  registerRoute(app, putFundsThresholdRoute, async ({ body, request }) => {
    const admin = await requireRole(request, storage, clock, 'administrator');
    requireRecentAuthentication(admin, clock);
    return respond(200, await setFundsThreshold(storage, admin.accountId, body, now()));
  });

  registerRoute(app, listCaseExpensesRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, {
      expenses: await caseExpenseStates(storage, caller.accountId, params.caseId, now()),
    });
  });
}
