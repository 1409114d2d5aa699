import {
  appendCaseEventRoute,
  createCaseRoute,
  getCaseBatchRoute,
  getCaseRoute,
  grantCaseAccessRoute,
  listCasesRoute,
  revokeCaseAccessRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate, requireRecentAuthentication } from '../auth/session-guard.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { requireCaseAccess } from './case-access.ts';
import { casePolicy } from './case-policy.ts';
import {
  appendCaseEvent,
  createCase,
  getCase,
  getCaseBatch,
  grantAccess,
  listCases,
  revokeAccess,
} from './case-service.ts';
import { limitCaseWrites } from './case-write-limit.ts';

/**
 * Cases. Every route needs a session; a case the caller's teams do not hold is
 * `not_found` for everyone, administrators included. Changing who can read a case
 * needs the password proved in the last five minutes. Writes are limited per account
 * (`rate_limited`), checked before anything about the case, which it therefore reveals
 * nothing of.
 */
export function registerCaseRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock } = deps;
  const now = () => clock().toISOString();
  const writesPerMinute = deps.caseWritesPerMinute ?? casePolicy.writesPerMinute;
  const limitWrites = (accountId: string) =>
    limitCaseWrites(storage.db, accountId, now(), writesPerMinute);

  registerRoute(app, createCaseRoute, async ({ body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await limitWrites(caller.accountId);
    return respond(201, await createCase(storage, caller, body, now()));
  });

  registerRoute(app, listCasesRoute, async ({ query, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, { cases: await listCases(storage, caller, query, now()) });
  });

  registerRoute(app, getCaseRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, await getCase(storage, caller, params.caseId, now()));
  });

  registerRoute(app, getCaseBatchRoute, async ({ body, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, { cases: await getCaseBatch(storage, caller, body.ids, now()) });
  });

  registerRoute(app, appendCaseEventRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await limitWrites(caller.accountId);
    const version = await appendCaseEvent(storage, caller, params.caseId, body, now());
    return respond(201, { version });
  });

  registerRoute(app, grantCaseAccessRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await limitWrites(caller.accountId);
    // Access first, so a member outside the case learns nothing, not even staleness.
    await requireCaseAccess(storage.db, params.caseId, caller.accountId, {
      action: 'case.access',
      at: now(),
    });
    requireRecentAuthentication(caller, clock);
    return respond(201, {
      version: await grantAccess(storage, caller, params.caseId, body, now()),
    });
  });

  registerRoute(app, revokeCaseAccessRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await limitWrites(caller.accountId);
    // Access first, so a member outside the case learns nothing, not even staleness.
    await requireCaseAccess(storage.db, params.caseId, caller.accountId, {
      action: 'case.access',
      at: now(),
    });
    requireRecentAuthentication(caller, clock);
    return respond(201, {
      version: await revokeAccess(storage, caller, params.caseId, body, now()),
    });
  });
}
