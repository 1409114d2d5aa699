import {
  deleteWebAuthnCredentialRoute,
  finishWebAuthnRegistrationRoute,
  listWebAuthnCredentialsRoute,
  startWebAuthnRegistrationRoute,
  WebAuthnAuthenticationResponse,
  type WebAuthnCreationOptions,
  type WebAuthnCredentialSummary,
  WebAuthnRegistrationResponse,
  type WebAuthnRequestOptions,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { ApiClient } from '../api/api-client.ts';
import type { CodeFactor } from './log-in.ts';

/**
 * Where security keys live: the browser's `navigator.credentials` in the app, a software
 * authenticator in tests. Answers are WebAuthn's JSON forms; they are checked here
 * before they are sent.
 */
export interface Authenticator {
  create(options: z.infer<typeof WebAuthnCreationOptions>): Promise<unknown>;
  get(options: z.infer<typeof WebAuthnRequestOptions>): Promise<unknown>;
}

export type SecurityKey = z.infer<typeof WebAuthnCredentialSummary>;

/**
 * Enrols a security key or passkey as a second factor for the signed-in member, who
 * proves an existing factor (an app or backup code) as well. The server asks for the
 * password again first if it was proved over five minutes ago (`reauthentication_required`).
 */
export async function enrolSecurityKey(
  api: ApiClient,
  authenticator: Authenticator,
  label: string,
  secondFactor: CodeFactor,
): Promise<SecurityKey> {
  const { options } = await api.call(startWebAuthnRegistrationRoute);
  const response = WebAuthnRegistrationResponse.parse(await authenticator.create(options));
  const { credential } = await api.call(finishWebAuthnRegistrationRoute, {
    body: { label, response, secondFactor },
  });
  return credential;
}

/** The member's own security keys. */
export async function listSecurityKeys(api: ApiClient): Promise<SecurityKey[]> {
  return (await api.call(listWebAuthnCredentialsRoute)).credentials;
}

/** Removes one of the member's security keys; it no longer opens a login. */
export async function removeSecurityKey(api: ApiClient, credentialId: string): Promise<void> {
  await api.call(deleteWebAuthnCredentialRoute, { params: { credentialId } });
}

/** A security key's answer to a login's challenge, checked for shape. */
export async function assertWithSecurityKey(
  authenticator: Authenticator,
  options: z.infer<typeof WebAuthnRequestOptions>,
): Promise<z.infer<typeof WebAuthnAuthenticationResponse>> {
  return WebAuthnAuthenticationResponse.parse(await authenticator.get(options));
}
