import {
  acknowledgeAlarmRoute,
  caseCheckinStatesRoute,
  caseloadCheckinStatesRoute,
  listAlarmsRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate } from '../auth/session-guard.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { throttledSweep } from './alarm-scheduler.ts';
import {
  acknowledgeAlarm,
  caseCheckinStates,
  caseloadCheckinStates,
  listMemberAlarms,
  requireCheckinReader,
} from './checkin-service.ts';

/** Alarms of the member and check-in states of a case or a caseload (issue 7). */
export function registerCheckinRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock } = deps;
  const now = () => clock().toISOString();
  // A state read never lags the timer: what is overdue now shows as missed now. At most
  // one such sweep a second on this instance, and only for a member allowed to read.
  const sweep = throttledSweep(storage.db, clock, app.log);

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
    await requireCheckinReader(storage.db, caller.accountId, params.caseId, now());
    await sweep();
    return respond(200, {
      checkins: await caseCheckinStates(storage.db, caller.accountId, params.caseId, now()),
    });
  });

  registerRoute(app, caseloadCheckinStatesRoute, async ({ request }) => {
    const caller = await authenticate(request, storage, clock);
    await sweep();
    return respond(200, {
      checkins: await caseloadCheckinStates(storage.db, caller.accountId, now()),
    });
  });
}
