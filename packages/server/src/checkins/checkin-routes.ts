import { acknowledgeAlarmRoute, caseCheckinStatesRoute, listAlarmsRoute } from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate } from '../auth/session-guard.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { sweepAlarms } from './alarm-scheduler.ts';
import { acknowledgeAlarm, caseCheckinStates, listMemberAlarms } from './checkin-service.ts';

/** Alarms of the member and check-in states of a case (issue 7). */
export function registerCheckinRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock } = deps;
  const now = () => clock().toISOString();

  registerRoute(app, listAlarmsRoute, async ({ request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, await listMemberAlarms(storage.db, caller.accountId, now()));
  });

  registerRoute(app, acknowledgeAlarmRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    const acknowledgedAt = await acknowledgeAlarm(
      storage.db,
      caller.accountId,
      params.alarmId,
      now(),
    );
    return respond(200, { acknowledgedAt });
  });

  registerRoute(app, caseCheckinStatesRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    // A state read never lags the sweep: what is overdue now shows as missed now.
    await sweepAlarms(storage.db, clock);
    return respond(200, {
      checkins: await caseCheckinStates(storage.db, caller.accountId, params.caseId, now()),
    });
  });
}
