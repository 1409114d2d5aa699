import { defineRoute } from '../routes/route.ts';
import {
  PutReferrerBody,
  ReferrerItemParams,
  ReferrerList,
  ReferrerParams,
  ReferrerSaved,
} from './referrer-schemas.ts';

export const listReferrersRoute = defineRoute({
  id: 'listReferrers',
  method: 'get',
  path: '/api/teams/:teamId/referrers',
  listeners: ['staff'],
  summary:
    'The team’s registry of trusted referrers, each the latest version of an encrypted, signed record. Members of the team only; anyone else gets `not_found`.',
  params: ReferrerParams,
  responses: { 200: ReferrerList },
});

export const putReferrerRoute = defineRoute({
  id: 'putReferrer',
  method: 'put',
  path: '/api/teams/:teamId/referrers/:referrerId',
  listeners: ['staff'],
  summary:
    'Adds a referrer (`expectedVersion` 0) or replaces its record with the next version; a stale version gets `conflict`.',
  params: ReferrerItemParams,
  body: PutReferrerBody,
  responses: { 200: ReferrerSaved },
});

export const referrerRoutes = [listReferrersRoute, putReferrerRoute];
