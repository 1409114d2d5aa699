import { defineRoute } from '../routes/route.ts';
import { Done } from './auth-schemas.ts';
import {
  FinishWebAuthnRegistrationBody,
  WebAuthnCredentialCreated,
  WebAuthnCredentialList,
  WebAuthnCredentialParams,
  WebAuthnRegistrationStarted,
} from './webauthn-schemas.ts';

export const startWebAuthnRegistrationRoute = defineRoute({
  id: 'startWebAuthnRegistration',
  method: 'post',
  path: '/api/auth/webauthn/registration/start',
  listeners: ['staff'],
  summary:
    'Options for enrolling a security key or passkey as a second factor (password proved in the last five minutes).',
  responses: { 200: WebAuthnRegistrationStarted },
});

export const finishWebAuthnRegistrationRoute = defineRoute({
  id: 'finishWebAuthnRegistration',
  method: 'post',
  path: '/api/auth/webauthn/registration/finish',
  listeners: ['staff'],
  summary: 'Stores the public key of an enrolled authenticator, once its answer verifies.',
  body: FinishWebAuthnRegistrationBody,
  responses: { 201: WebAuthnCredentialCreated },
});

export const listWebAuthnCredentialsRoute = defineRoute({
  id: 'listWebAuthnCredentials',
  method: 'get',
  path: '/api/auth/webauthn/credentials',
  listeners: ['staff'],
  summary: 'The member’s own enrolled security keys and passkeys.',
  responses: { 200: WebAuthnCredentialList },
});

export const deleteWebAuthnCredentialRoute = defineRoute({
  id: 'deleteWebAuthnCredential',
  method: 'delete',
  path: '/api/auth/webauthn/credentials/:credentialId',
  listeners: ['staff'],
  summary:
    'Removes one of the member’s own security keys (password proved in the last five minutes).',
  params: WebAuthnCredentialParams,
  responses: { 200: Done },
});

export const webauthnRoutes = [
  startWebAuthnRegistrationRoute,
  finishWebAuthnRegistrationRoute,
  listWebAuthnCredentialsRoute,
  deleteWebAuthnCredentialRoute,
];
