import { Done } from '../auth/auth-schemas.ts';
import { defineRoute } from '../routes/route.ts';
import {
  AccountKeysParams,
  AccountPublicKeys,
  AddMemberBody,
  CreateTeamBody,
  HandleParams,
  InitialiseTeamKeyBody,
  RemoveMemberBody,
  TeamCreated,
  TeamDirectory,
  TeamList,
  TeamMemberParams,
  TeamParams,
} from './team-schemas.ts';

export const createTeamRoute = defineRoute({
  id: 'createTeam',
  method: 'post',
  path: '/api/teams',
  listeners: ['staff'],
  summary:
    'An administrator creates a team with its first member; the administrator holds no key of it.',
  body: CreateTeamBody,
  responses: { 201: TeamCreated },
});

export const listTeamsRoute = defineRoute({
  id: 'listTeams',
  method: 'get',
  path: '/api/teams',
  listeners: ['staff'],
  summary: "The teams the caller is a member of, with the caller's sealed team keys.",
  responses: { 200: TeamList },
});

export const teamDirectoryRoute = defineRoute({
  id: 'teamDirectory',
  method: 'get',
  path: '/api/team-directory',
  listeners: ['staff'],
  summary: 'Every team that has a key, with its public key: whom a case can be shared with.',
  responses: { 200: TeamDirectory },
});

export const initialiseTeamKeyRoute = defineRoute({
  id: 'initialiseTeamKey',
  method: 'post',
  path: '/api/teams/:teamId/key',
  listeners: ['staff'],
  summary: "The first member's browser creates the team's key pair (version 1).",
  params: TeamParams,
  body: InitialiseTeamKeyBody,
  responses: { 200: Done },
});

export const addTeamMemberRoute = defineRoute({
  id: 'addTeamMember',
  method: 'post',
  path: '/api/teams/:teamId/members',
  listeners: ['staff'],
  summary: 'A member adds another account, sealing the current team key to it.',
  params: TeamParams,
  body: AddMemberBody,
  responses: { 200: Done },
});

export const removeTeamMemberRoute = defineRoute({
  id: 'removeTeamMember',
  method: 'post',
  path: '/api/teams/:teamId/members/:accountId/remove',
  listeners: ['staff'],
  summary: 'A member removes another and rotates the team key in the same step.',
  params: TeamMemberParams,
  body: RemoveMemberBody,
  responses: { 200: Done },
});

export const getAccountKeysRoute = defineRoute({
  id: 'getAccountKeys',
  method: 'get',
  path: '/api/accounts/:accountId/public-keys',
  listeners: ['staff'],
  summary: "An account's public keys, to seal a team key to it.",
  params: AccountKeysParams,
  responses: { 200: AccountPublicKeys },
});

export const findAccountRoute = defineRoute({
  id: 'findAccount',
  method: 'get',
  path: '/api/accounts/by-handle/:handle',
  listeners: ['staff'],
  summary: 'An active account by its handle, with its public keys (to add it to a team).',
  params: HandleParams,
  responses: { 200: AccountPublicKeys },
});

export const teamRoutes = [
  findAccountRoute,
  createTeamRoute,
  listTeamsRoute,
  teamDirectoryRoute,
  initialiseTeamKeyRoute,
  addTeamMemberRoute,
  removeTeamMemberRoute,
  getAccountKeysRoute,
];
