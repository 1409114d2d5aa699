import type { Authenticator } from '@corridor/vault';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';

/** Fetched on first use: most logins use a code, not a security key. */
const webAuthn = () => import('@simplewebauthn/browser');

/** The browser refused or the member cancelled; the code names the sentence to show. */
class SecurityKeyError extends Error {
  override readonly name = 'SecurityKeyError';
  constructor(readonly code: 'security_key_failed' | 'security_key_known') {
    super(code);
  }
}

function refusal(error: unknown): SecurityKeyError {
  const code = (error as { code?: string }).code;
  return new SecurityKeyError(
    code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'
      ? 'security_key_known'
      : 'security_key_failed',
  );
}

/**
 * Security keys and passkeys through `navigator.credentials`. The options come from the
 * server already in WebAuthn's JSON form; the answers are checked by the vault.
 */
export const browserAuthenticator: Authenticator = {
  async create(options) {
    const { startRegistration } = await webAuthn();
    try {
      return await startRegistration({
        optionsJSON: options as PublicKeyCredentialCreationOptionsJSON,
      });
    } catch (error) {
      throw refusal(error);
    }
  },
  async get(options) {
    const { startAuthentication } = await webAuthn();
    try {
      return await startAuthentication({
        optionsJSON: options as PublicKeyCredentialRequestOptionsJSON,
      });
    } catch (error) {
      throw refusal(error);
    }
  },
};
