import {
  createPartnerRoute,
  listPartnersRoute,
  removePartnerRoute,
  updatePartnerRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate, requireRecentAuthentication, requireRole } from '../auth/session-guard.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { createPartner, listPartners, removePartner, updatePartner } from './partner-service.ts';

/**
 * The partner registry: every member may read it (to choose where a referral goes);
 * only administrators change it, having proved their password in the last minutes, since
 * a swapped public key would send the next packages to whoever holds it.
 */
export function registerPartnerRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock } = deps;
  const now = () => clock().toISOString();

  registerRoute(app, listPartnersRoute, async ({ request }) => {
    await authenticate(request, storage, clock);
    return respond(200, { partners: await listPartners(storage.db) });
  });

  registerRoute(app, createPartnerRoute, async ({ body, request }) => {
    const admin = await requireRole(request, storage, clock, 'administrator');
    requireRecentAuthentication(admin, clock);
    return respond(201, { partner: await createPartner(storage, admin.accountId, body, now()) });
  });

  registerRoute(app, updatePartnerRoute, async ({ params, body, request }) => {
    const admin = await requireRole(request, storage, clock, 'administrator');
    requireRecentAuthentication(admin, clock);
    return respond(200, {
      partner: await updatePartner(storage, admin.accountId, params.partnerId, body, now()),
    });
  });

  registerRoute(app, removePartnerRoute, async ({ params, request }) => {
    const admin = await requireRole(request, storage, clock, 'administrator');
    requireRecentAuthentication(admin, clock);
    await removePartner(storage, admin.accountId, params.partnerId, now());
    return respond(200, { removed: true as const });
  });
}
