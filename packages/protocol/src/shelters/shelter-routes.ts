import { CaseParams } from '../cases/case-schemas.ts';
import { defineRoute } from '../routes/route.ts';
import {
  AcceptPlacementBody,
  EndPlacementBody,
  PlacementChanged,
  PlacementCreated,
  PlacementList,
  PutShelterBody,
  RequestPlacementBody,
  ShelterList,
  ShelterParams,
  ShelterPlacementParams,
  ShelterSaved,
} from './shelter-schemas.ts';

export const listSheltersRoute = defineRoute({
  id: 'listShelters',
  method: 'get',
  path: '/api/shelters',
  listeners: ['staff'],
  summary:
    'Every shelter with its code, beds and today’s occupancy. The encrypted record (address, rules, contact) only for members of the shelter’s team.',
  responses: { 200: ShelterList },
});

export const putShelterRoute = defineRoute({
  id: 'putShelter',
  method: 'put',
  path: '/api/shelters/:shelterId',
  listeners: ['staff'],
  summary:
    'Adds a shelter (`expectedVersion` 0) or stores its next version, as a member of its team; a stale version gets `conflict`, removing a bed someone is placed in gets `conflict`.',
  params: ShelterParams,
  body: PutShelterBody,
  responses: { 200: ShelterSaved },
});

export const listShelterPlacementsRoute = defineRoute({
  id: 'listShelterPlacements',
  method: 'get',
  path: '/api/shelters/:shelterId/placements',
  listeners: ['staff'],
  summary:
    'The shelter’s placements and requests, newest first, for members of its team (case ids, beds and dates; no address). Anyone else gets `not_found`.',
  params: ShelterParams,
  responses: { 200: PlacementList },
});

export const acceptPlacementRoute = defineRoute({
  id: 'acceptPlacement',
  method: 'post',
  path: '/api/shelters/:shelterId/placements/:placementId/accept',
  listeners: ['staff'],
  summary:
    'The shelter team accepts a request into a bed free for its dates (else `conflict`) and stores the address sealed to the requesting team; refused with `not_verified` unless the case is verified, `forbidden` unless the requesting team still holds the case’s `location`.',
  params: ShelterPlacementParams,
  body: AcceptPlacementBody,
  responses: { 200: PlacementChanged },
});

export const declinePlacementRoute = defineRoute({
  id: 'declinePlacement',
  method: 'post',
  path: '/api/shelters/:shelterId/placements/:placementId/decline',
  listeners: ['staff'],
  summary: 'The shelter team declines a pending request.',
  params: ShelterPlacementParams,
  responses: { 200: PlacementChanged },
});

export const endPlacementRoute = defineRoute({
  id: 'endPlacement',
  method: 'post',
  path: '/api/shelters/:shelterId/placements/:placementId/end',
  listeners: ['staff'],
  summary:
    'Ends an accepted placement on the day the person moved out; the shelter team or the requesting team may.',
  params: ShelterPlacementParams,
  body: EndPlacementBody,
  responses: { 200: PlacementChanged },
});

export const listCasePlacementsRoute = defineRoute({
  id: 'listCasePlacements',
  method: 'get',
  path: '/api/cases/:caseId/placements',
  listeners: ['staff'],
  summary:
    'A case’s placements, for members holding its `general`; the sealed address only while the case is verified.',
  params: CaseParams,
  responses: { 200: PlacementList },
});

export const requestPlacementRoute = defineRoute({
  id: 'requestPlacement',
  method: 'post',
  path: '/api/cases/:caseId/placements',
  listeners: ['staff'],
  summary:
    'Asks a shelter to take a case in, for a team of the member that holds the case’s `location` (`forbidden` otherwise: the address is sealed to it). Refused with `not_verified` unless the case is verified (an override does not count), `shelter_full` when no bed is free for the dates, `conflict` when the bed asked for is taken.',
  params: CaseParams,
  body: RequestPlacementBody,
  responses: { 200: PlacementCreated },
});

export const shelterRoutes = [
  listSheltersRoute,
  putShelterRoute,
  listShelterPlacementsRoute,
  acceptPlacementRoute,
  declinePlacementRoute,
  endPlacementRoute,
  listCasePlacementsRoute,
  requestPlacementRoute,
];
