import { defineRoute } from '../routes/route.ts';
import {
  CaseReferralParams,
  CreateReferralBody,
  ReferralCreated,
  ReferralItemParams,
  ReferralList,
  ReferralRevoked,
  ReferralSettings,
} from './referral-schemas.ts';

export const listCaseReferralsRoute = defineRoute({
  id: 'listCaseReferrals',
  method: 'get',
  path: '/api/cases/:caseId/referrals',
  listeners: ['staff'],
  summary:
    'A case’s referrals with their states. Members whose teams hold the case’s `general` only; anyone else, administrators too, gets `not_found`.',
  params: CaseReferralParams,
  responses: { 200: ReferralList },
});

export const createReferralRoute = defineRoute({
  id: 'createReferral',
  method: 'post',
  path: '/api/cases/:caseId/referrals',
  listeners: ['staff'],
  summary:
    'Records a referral made in the browser (field names, consent basis, mode, package SHA-256) with its signed `referral.sent` event, in one transaction. A sealed referral to a partner without a key gets `partner_has_no_key`.',
  params: CaseReferralParams,
  body: CreateReferralBody,
  responses: { 201: ReferralCreated },
});

export const revokeReferralRoute = defineRoute({
  id: 'revokeReferral',
  method: 'post',
  path: '/api/cases/:caseId/referrals/:referralId/revoke',
  listeners: ['staff'],
  summary:
    'Revokes a referral that is `sent` or `accepted` (`conflict` otherwise); its response link stops working.',
  params: ReferralItemParams,
  responses: { 200: ReferralRevoked },
});

export const getReferralSettingsRoute = defineRoute({
  id: 'getReferralSettings',
  method: 'get',
  path: '/api/referral-settings',
  listeners: ['staff'],
  summary: 'Where partners answer a referral (the public listener’s address), for the package.',
  responses: { 200: ReferralSettings },
});

export const referralRoutes = [
  listCaseReferralsRoute,
  createReferralRoute,
  revokeReferralRoute,
  getReferralSettingsRoute,
];
