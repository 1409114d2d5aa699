import {
  createReferralRoute,
  getReferralSettingsRoute,
  listCaseReferralsRoute,
  revokeReferralRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate } from '../auth/session-guard.ts';
import { casePolicy } from '../cases/case-policy.ts';
import { limitCaseWrites } from '../cases/case-write-limit.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { createReferral, listCaseReferrals, revokeReferral } from './referral-service.ts';

/** A case's referrals (members holding its `general`) and where partners answer. */
export function registerReferralRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock } = deps;
  const now = () => clock().toISOString();
  const writesPerMinute = deps.caseWritesPerMinute ?? casePolicy.writesPerMinute;

  registerRoute(app, listCaseReferralsRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, {
      referrals: await listCaseReferrals(storage, caller.accountId, params.caseId, now()),
    });
  });

  registerRoute(app, createReferralRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await limitCaseWrites(storage.db, caller.accountId, now(), writesPerMinute);
    const created = await createReferral(storage, caller.accountId, params.caseId, body, now());
    // After the commit, and not awaited: a slow mail server never holds up the member.
    if (created.notify && deps.referralNotifier) {
      void deps.referralNotifier(created.notify.email, created.notify.partnerName);
    }
    return respond(201, { referral: created.referral, version: created.version });
  });

  registerRoute(app, revokeReferralRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    await limitCaseWrites(storage.db, caller.accountId, now(), writesPerMinute);
    return respond(200, {
      referral: await revokeReferral(
        storage,
        caller.accountId,
        params.caseId,
        params.referralId,
        now(),
      ),
    });
  });

  registerRoute(app, getReferralSettingsRoute, async ({ request }) => {
    await authenticate(request, storage, clock);
    return respond(200, { responseBaseUrl: deps.publicUrl ?? null });
  });
}
