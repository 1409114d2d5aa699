import {
  acceptPlacementRoute,
  declinePlacementRoute,
  endPlacementRoute,
  listCasePlacementsRoute,
  listShelterPlacementsRoute,
  listSheltersRoute,
  putShelterRoute,
  requestPlacementRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate } from '../auth/session-guard.ts';
import { casePolicy } from '../cases/case-policy.ts';
import { limitCaseWrites } from '../cases/case-write-limit.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import {
  acceptPlacement,
  declinePlacement,
  endPlacement,
  listCasePlacements,
  listShelterPlacements,
  requestPlacement,
} from './placement-service.ts';
import { listShelters, putShelter } from './shelter-service.ts';

/**
 * Shelters, beds and placements (docs/decisions, shelters). Writes count against the same
 * per-account limit as case writes.
 */
export function registerShelterRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock } = deps;
  const now = () => clock().toISOString();
  const writesPerMinute = deps.caseWritesPerMinute ?? casePolicy.writesPerMinute;
  const writer = async (request: Parameters<typeof authenticate>[0]) => {
    const caller = await authenticate(request, storage, clock);
    await limitCaseWrites(storage.db, caller.accountId, now(), writesPerMinute);
    return caller.accountId;
  };

  registerRoute(app, listSheltersRoute, async ({ request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, await listShelters(storage, caller.accountId, now()));
  });

  registerRoute(app, putShelterRoute, async ({ params, body, request }) => {
    const accountId = await writer(request);
    const version = await putShelter(storage, accountId, params.shelterId, body, now());
    return respond(200, { version });
  });

  registerRoute(app, listShelterPlacementsRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, {
      placements: await listShelterPlacements(storage, caller.accountId, params.shelterId, now()),
    });
  });

  registerRoute(app, acceptPlacementRoute, async ({ params, body, request }) => {
    const accountId = await writer(request);
    await acceptPlacement(storage, accountId, params.shelterId, params.placementId, body, now());
    return respond(200, { status: 'accepted' as const });
  });

  registerRoute(app, declinePlacementRoute, async ({ params, request }) => {
    const accountId = await writer(request);
    await declinePlacement(storage, accountId, params.shelterId, params.placementId, now());
    return respond(200, { status: 'declined' as const });
  });

  registerRoute(app, endPlacementRoute, async ({ params, body, request }) => {
    const accountId = await writer(request);
    await endPlacement(storage, accountId, params.shelterId, params.placementId, body.on, now());
    return respond(200, { status: 'ended' as const });
  });

  registerRoute(app, listCasePlacementsRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, {
      placements: await listCasePlacements(storage, caller.accountId, params.caseId, now()),
    });
  });

  registerRoute(app, requestPlacementRoute, async ({ params, body, request }) => {
    const accountId = await writer(request);
    const id = await requestPlacement(storage, accountId, params.caseId, body, now());
    return respond(200, { id });
  });
}
