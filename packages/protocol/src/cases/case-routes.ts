import { defineRoute } from '../routes/route.ts';
import {
  AppendEventBody,
  CaseBatch,
  CaseBatchBody,
  CaseDetail,
  CaseList,
  CaseListQuery,
  CaseParams,
  CaseSummarySchema,
  CreateCaseBody,
  EventAppended,
  GrantAccessBody,
  RevokeAccessBody,
} from './case-schemas.ts';

export const createCaseRoute = defineRoute({
  id: 'createCase',
  method: 'post',
  path: '/api/cases',
  listeners: ['staff'],
  summary:
    'Opens a case: compartment keys sealed to the teams that may read them, and the signed first event.',
  body: CreateCaseBody,
  responses: { 201: CaseSummarySchema },
});

export const listCasesRoute = defineRoute({
  id: 'listCases',
  method: 'get',
  path: '/api/cases',
  listeners: ['staff'],
  summary: 'The cases the caller’s teams hold, with server-visible workflow only.',
  query: CaseListQuery,
  responses: { 200: CaseList },
});

export const getCaseRoute = defineRoute({
  id: 'getCase',
  method: 'get',
  path: '/api/cases/:caseId',
  listeners: ['staff'],
  summary:
    'A case’s timeline, with payloads only of the compartments the caller’s teams hold; recorded in the audit log.',
  params: CaseParams,
  responses: { 200: CaseDetail },
});

export const getCaseBatchRoute = defineRoute({
  id: 'getCaseBatch',
  method: 'post',
  path: '/api/cases/batch',
  listeners: ['staff'],
  summary:
    'Up to 250 cases at once, each as `getCase` answers it, read in one snapshot; cases the caller’s teams do not hold are left out. Each read is recorded in the audit log.',
  body: CaseBatchBody,
  responses: { 200: CaseBatch },
});

export const appendCaseEventRoute = defineRoute({
  id: 'appendCaseEvent',
  method: 'post',
  path: '/api/cases/:caseId/events',
  listeners: ['staff'],
  summary: 'Appends a signed event at the next version; a stale version gets `conflict`.',
  params: CaseParams,
  body: AppendEventBody,
  responses: { 201: EventAppended },
});

export const grantCaseAccessRoute = defineRoute({
  id: 'grantCaseAccess',
  method: 'post',
  path: '/api/cases/:caseId/access',
  listeners: ['staff'],
  summary: 'Gives a team a compartment: its current key sealed to the team.',
  params: CaseParams,
  body: GrantAccessBody,
  responses: { 201: EventAppended },
});

export const revokeCaseAccessRoute = defineRoute({
  id: 'revokeCaseAccess',
  method: 'post',
  path: '/api/cases/:caseId/access/revoke',
  listeners: ['staff'],
  summary:
    'Takes a compartment from a team: a new key for the teams that keep it, so the team cannot read what follows.',
  params: CaseParams,
  body: RevokeAccessBody,
  responses: { 201: EventAppended },
});

export const caseRoutes = [
  createCaseRoute,
  listCasesRoute,
  getCaseRoute,
  getCaseBatchRoute,
  appendCaseEventRoute,
  grantCaseAccessRoute,
  revokeCaseAccessRoute,
];
