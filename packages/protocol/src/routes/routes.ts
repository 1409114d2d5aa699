import { alertRoutes } from '../alerts/alert-routes.ts';
import { attachmentRoutes } from '../attachments/attachment-routes.ts';
import { authRoutes } from '../auth/auth-routes.ts';
import { webauthnRoutes } from '../auth/webauthn-routes.ts';
import { caseRoutes } from '../cases/case-routes.ts';
import { checkinRoutes } from '../checkins/checkin-routes.ts';
import { ApiErrorSchema } from '../errors/error-codes.ts';
import { fundsRoutes } from '../funds/funds-routes.ts';
import { HealthSchema } from '../health/health.ts';
import { intakeRoutes } from '../intake/intake-routes.ts';
import { mentionRoutes } from '../mentions/mention-routes.ts';
import { partnerRoutes } from '../partners/partner-routes.ts';
import { referralRoutes } from '../referrals/referral-routes.ts';
import { referrerRoutes } from '../referrers/referrer-routes.ts';
import { shelterRoutes } from '../shelters/shelter-routes.ts';
import { teamRoutes } from '../teams/team-routes.ts';
import { verifiedHeadsRoutes } from '../verified-heads/verified-heads.ts';
import { vocabularyStoreRoutes } from '../vocabularies/vocabulary-store-routes.ts';
import { defineRoute, type RouteDefinition } from './route.ts';

export const healthRoute = defineRoute({
  id: 'getHealth',
  method: 'get',
  path: '/healthz',
  listeners: ['public', 'staff'],
  summary: 'Liveness and database reachability of this listener.',
  responses: { 200: HealthSchema, 503: HealthSchema },
});

/** Every route of the API, in the order the OpenAPI document lists them. */
export const routes: readonly RouteDefinition[] = [
  healthRoute,
  ...authRoutes,
  ...webauthnRoutes,
  ...teamRoutes,
  ...caseRoutes,
  ...mentionRoutes,
  ...verifiedHeadsRoutes,
  ...attachmentRoutes,
  ...referrerRoutes,
  ...partnerRoutes,
  ...referralRoutes,
  ...intakeRoutes,
  ...fundsRoutes,
  ...checkinRoutes,
  ...alertRoutes,
  ...shelterRoutes,
  ...vocabularyStoreRoutes,
];

/** Answers shared by every route: validation, size and server failures. */
export const commonErrorResponses = {
  400: ApiErrorSchema,
  413: ApiErrorSchema,
  500: ApiErrorSchema,
} as const;
