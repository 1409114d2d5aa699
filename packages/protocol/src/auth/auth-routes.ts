import { defineRoute } from '../routes/route.ts';
import {
  AccountList,
  AccountParams,
  CreateInvitationBody,
  Done,
  FinishLoginBody,
  FinishRecoveryBody,
  FinishRegistrationBody,
  FinishUnlockBody,
  InvitationCreated,
  LoggedIn,
  LoginStarted,
  RecoveryRegisterBody,
  RecoveryRegistered,
  RecoveryStarted,
  RegistrationFinished,
  RegistrationStarted,
  SessionIdParams,
  SessionInfo,
  SessionList,
  StartLoginBody,
  StartRecoveryBody,
  StartRegistrationBody,
  StartUnlockBody,
  Unlocked,
} from './auth-schemas.ts';

export const createInvitationRoute = defineRoute({
  id: 'createInvitation',
  method: 'post',
  path: '/api/admin/invitations',
  listeners: ['staff'],
  summary: 'An administrator invites a new member with roles; the token is shown once.',
  body: CreateInvitationBody,
  responses: { 201: InvitationCreated },
});

export const startRegistrationRoute = defineRoute({
  id: 'startRegistration',
  method: 'post',
  path: '/api/auth/registration/start',
  listeners: ['staff'],
  summary: 'With an invitation: OPAQUE registration response and the TOTP secret to enrol.',
  body: StartRegistrationBody,
  responses: { 200: RegistrationStarted },
});

export const finishRegistrationRoute = defineRoute({
  id: 'finishRegistration',
  method: 'post',
  path: '/api/auth/registration/finish',
  listeners: ['staff'],
  summary:
    'Stores the OPAQUE record, public keys and wrapped private keys, once a TOTP code proves enrolment.',
  body: FinishRegistrationBody,
  responses: { 201: RegistrationFinished },
});

export const startLoginRoute = defineRoute({
  id: 'startLogin',
  method: 'post',
  path: '/api/auth/login/start',
  listeners: ['staff'],
  summary: 'OPAQUE login, first message. An unknown handle gets an answer of the same shape.',
  body: StartLoginBody,
  responses: { 200: LoginStarted },
});

export const finishLoginRoute = defineRoute({
  id: 'finishLogin',
  method: 'post',
  path: '/api/auth/login/finish',
  listeners: ['staff'],
  summary: 'OPAQUE login, last message, with the second factor; opens a session.',
  body: FinishLoginBody,
  responses: { 200: LoggedIn },
});

export const getSessionRoute = defineRoute({
  id: 'getSession',
  method: 'get',
  path: '/api/auth/session',
  listeners: ['staff'],
  summary: 'The signed-in member and this session.',
  responses: { 200: SessionInfo },
});

export const logoutRoute = defineRoute({
  id: 'logout',
  method: 'post',
  path: '/api/auth/logout',
  listeners: ['staff'],
  summary: 'Ends this session; the answer tells the browser to clear its storage.',
  responses: { 200: Done },
});

export const listSessionsRoute = defineRoute({
  id: 'listSessions',
  method: 'get',
  path: '/api/auth/sessions',
  listeners: ['staff'],
  summary: "The member's own open sessions (devices).",
  responses: { 200: SessionList },
});

export const revokeSessionRoute = defineRoute({
  id: 'revokeSession',
  method: 'delete',
  path: '/api/auth/sessions/:sessionId',
  listeners: ['staff'],
  summary: 'Ends one of the member’s own sessions.',
  params: SessionIdParams,
  responses: { 200: Done },
});

export const startUnlockRoute = defineRoute({
  id: 'startUnlock',
  method: 'post',
  path: '/api/auth/unlock/start',
  listeners: ['staff'],
  summary: 'A signed-in member whose app locked proves the password again (OPAQUE, first message).',
  body: StartUnlockBody,
  responses: { 200: LoginStarted },
});

export const finishUnlockRoute = defineRoute({
  id: 'finishUnlock',
  method: 'post',
  path: '/api/auth/unlock/finish',
  listeners: ['staff'],
  summary: 'Unlock, last message: returns the wrapped keys of the session’s own account.',
  body: FinishUnlockBody,
  responses: { 200: Unlocked },
});

export const listAccountsRoute = defineRoute({
  id: 'listAccounts',
  method: 'get',
  path: '/api/admin/accounts',
  listeners: ['staff'],
  summary: 'Every account with its roles and status (administrators only).',
  responses: { 200: AccountList },
});

export const disableAccountRoute = defineRoute({
  id: 'disableAccount',
  method: 'post',
  path: '/api/admin/accounts/:accountId/disable',
  listeners: ['staff'],
  summary:
    'Disables an account and ends its sessions; its teams should then remove it, which rotates their keys.',
  params: AccountParams,
  responses: { 200: Done },
});

export const startRecoveryRoute = defineRoute({
  id: 'startRecovery',
  method: 'post',
  path: '/api/auth/recovery/start',
  listeners: ['staff'],
  summary:
    'A member who lost the password proves the second factor and gets a challenge and the keys wrapped under the recovery code.',
  body: StartRecoveryBody,
  responses: { 200: RecoveryStarted },
});

export const recoveryRegisterRoute = defineRoute({
  id: 'recoveryRegister',
  method: 'post',
  path: '/api/auth/recovery/register',
  listeners: ['staff'],
  summary:
    "With the challenge signed by the member's own key: OPAQUE registration response for the new password.",
  body: RecoveryRegisterBody,
  responses: { 200: RecoveryRegistered },
});

export const finishRecoveryRoute = defineRoute({
  id: 'finishRecovery',
  method: 'post',
  path: '/api/auth/recovery/finish',
  listeners: ['staff'],
  summary:
    'Stores the new OPAQUE record and the keys wrapped anew; ends every session of the account.',
  body: FinishRecoveryBody,
  responses: { 200: Done },
});

export const authRoutes = [
  startRecoveryRoute,
  recoveryRegisterRoute,
  finishRecoveryRoute,
  listAccountsRoute,
  disableAccountRoute,
  startUnlockRoute,
  finishUnlockRoute,
  createInvitationRoute,
  startRegistrationRoute,
  finishRegistrationRoute,
  startLoginRoute,
  finishLoginRoute,
  getSessionRoute,
  logoutRoute,
  listSessionsRoute,
  revokeSessionRoute,
];
