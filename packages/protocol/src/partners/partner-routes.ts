import { defineRoute } from '../routes/route.ts';
import {
  CreatePartnerBody,
  PartnerList,
  PartnerParams,
  PartnerRemoved,
  PartnerSaved,
  UpdatePartnerBody,
} from './partner-schemas.ts';

export const listPartnersRoute = defineRoute({
  id: 'listPartners',
  method: 'get',
  path: '/api/partners',
  listeners: ['staff'],
  summary:
    'The partner organisations referrals can go to (name, country, public key, notification e-mail). Any signed-in member.',
  responses: { 200: PartnerList },
});

export const createPartnerRoute = defineRoute({
  id: 'createPartner',
  method: 'post',
  path: '/api/partners',
  listeners: ['staff'],
  summary:
    'Registers a partner organisation under an id the browser chose (`conflict` if taken), with the administrator’s signature of the record (`invalid_request` if it does not verify). Administrators only (`forbidden` otherwise).',
  body: CreatePartnerBody,
  responses: { 201: PartnerSaved },
});

export const updatePartnerRoute = defineRoute({
  id: 'updatePartner',
  method: 'put',
  path: '/api/partners/:partnerId',
  listeners: ['staff'],
  summary:
    'Replaces a partner’s details, signed by the administrator for the next version (`invalid_request` if the signature does not verify); a stale `expectedVersion` gets `conflict`. Administrators only.',
  params: PartnerParams,
  body: UpdatePartnerBody,
  responses: { 200: PartnerSaved },
});

export const removePartnerRoute = defineRoute({
  id: 'removePartner',
  method: 'delete',
  path: '/api/partners/:partnerId',
  listeners: ['staff'],
  summary:
    'Removes a partner from the list; referrals already made keep naming it. Administrators only.',
  params: PartnerParams,
  responses: { 200: PartnerRemoved },
});

export const partnerRoutes = [
  listPartnersRoute,
  createPartnerRoute,
  updatePartnerRoute,
  removePartnerRoute,
];
