import { z } from 'zod';
import { base64Url } from '../common/base64-url.ts';
import { CodeFactorSchema } from './code-factor.ts';

// The JSON forms of WebAuthn's options and answers (WebAuthn Level 3, §5.1.8–5.1.10),
// bounded. The shapes are checked here; what they prove is checked by the verifier.

const credentialId = base64Url(1_366); // at most 1023 bytes (§5.8.3)
const challenge = base64Url(128);
const transport = z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
const userVerification = z.enum(['required', 'preferred', 'discouraged']);
const extensions = z
  .record(z.string().max(64), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 2_048, 'at most 2 KiB of extensions');

const CredentialDescriptor = z.object({
  id: credentialId,
  type: z.literal('public-key'),
  transports: z.array(transport).max(7).optional(),
});

export const WebAuthnCreationOptions = z
  .object({
    rp: z.object({ id: z.string().max(253).optional(), name: z.string().max(100) }),
    user: z.object({
      id: base64Url(128),
      name: z.string().max(100),
      displayName: z.string().max(100),
    }),
    challenge,
    pubKeyCredParams: z
      .array(z.object({ type: z.literal('public-key'), alg: z.number().int() }))
      .max(20),
    timeout: z.number().int().positive().optional(),
    excludeCredentials: z.array(CredentialDescriptor).max(50).optional(),
    authenticatorSelection: z
      .object({
        authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
        residentKey: z.enum(['discouraged', 'preferred', 'required']).optional(),
        requireResidentKey: z.boolean().optional(),
        userVerification: userVerification.optional(),
      })
      .optional(),
    hints: z
      .array(z.enum(['hybrid', 'security-key', 'client-device']))
      .max(3)
      .optional(),
    attestation: z.enum(['none', 'indirect', 'direct', 'enterprise']).optional(),
    extensions: extensions.optional(),
  })
  .meta({ id: 'WebAuthnCreationOptions' });

export const WebAuthnRequestOptions = z
  .object({
    challenge,
    timeout: z.number().int().positive().optional(),
    rpId: z.string().max(253).optional(),
    allowCredentials: z.array(CredentialDescriptor).max(50).optional(),
    userVerification: userVerification.optional(),
    hints: z
      .array(z.enum(['hybrid', 'security-key', 'client-device']))
      .max(3)
      .optional(),
    extensions: extensions.optional(),
  })
  .meta({ id: 'WebAuthnRequestOptions' });

const attachment = z.enum(['platform', 'cross-platform']).optional();

export const WebAuthnRegistrationResponse = z
  .object({
    id: credentialId,
    rawId: credentialId,
    type: z.literal('public-key'),
    response: z.object({
      clientDataJSON: base64Url(4_096),
      attestationObject: base64Url(16_384),
      authenticatorData: base64Url(8_192).optional(),
      transports: z.array(transport).max(7).optional(),
      publicKeyAlgorithm: z.number().int().optional(),
      publicKey: base64Url(4_096).optional(),
    }),
    authenticatorAttachment: attachment,
    clientExtensionResults: extensions,
  })
  .meta({ id: 'WebAuthnRegistrationResponse' });

export const WebAuthnAuthenticationResponse = z
  .object({
    id: credentialId,
    rawId: credentialId,
    type: z.literal('public-key'),
    response: z.object({
      clientDataJSON: base64Url(4_096),
      authenticatorData: base64Url(8_192),
      signature: base64Url(1_024),
      userHandle: base64Url(128).optional(),
    }),
    authenticatorAttachment: attachment,
    clientExtensionResults: extensions,
  })
  .meta({ id: 'WebAuthnAuthenticationResponse' });

export const WebAuthnCredentialSummary = z
  .object({
    id: credentialId,
    label: z.string().max(80),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'WebAuthnCredential' });

export const WebAuthnRegistrationStarted = z.object({ options: WebAuthnCreationOptions });
export const FinishWebAuthnRegistrationBody = z.object({
  /** The member's own name for the key ("blue key"), shown in their list. */
  label: z.string().trim().min(1).max(80),
  response: WebAuthnRegistrationResponse,
  /**
   * A code from the authenticator app (or a backup code): a new second factor needs an
   * existing one, not only the password, so a watched password cannot add a key.
   */
  secondFactor: CodeFactorSchema,
});
export const WebAuthnCredentialCreated = z.object({ credential: WebAuthnCredentialSummary });
export const WebAuthnCredentialList = z.object({
  credentials: z.array(WebAuthnCredentialSummary).max(50),
});
export const WebAuthnCredentialParams = z.object({ credentialId });
