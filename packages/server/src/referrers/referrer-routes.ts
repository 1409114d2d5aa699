import { listReferrersRoute, putReferrerRoute } from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate } from '../auth/session-guard.ts';
import { casePolicy } from '../cases/case-policy.ts';
import { limitCaseWrites } from '../cases/case-write-limit.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { listReferrers, putReferrer } from './referrer-service.ts';

/**
 * A team's registry of trusted referrers: members of the team only. Writes count
 * against the same per-account limit as case writes.
 */
export function registerReferrerRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock } = deps;
  const now = () => clock().toISOString();
  const writesPerMinute = deps.caseWritesPerMinute ?? casePolicy.writesPerMinute;

  registerRoute(app, listReferrersRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, {
      referrers: await listReferrers(storage, caller.accountId, params.teamId, now()),
    });
  });

  registerRoute(app, putReferrerRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await limitCaseWrites(storage.db, caller.accountId, now(), writesPerMinute);
    const version = await putReferrer(
      storage,
      caller.accountId,
      params.teamId,
      params.referrerId,
      body,
      now(),
    );
    return respond(200, { version });
  });
}
