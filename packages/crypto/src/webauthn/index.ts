export {
  type AuthenticationResponseJSON,
  authenticationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  type RelyingParty,
  registrationOptions,
  type StoredCredential,
  verifyAuthentication,
  verifyRegistration,
  webauthnChallenge,
} from './webauthn-server.ts';
