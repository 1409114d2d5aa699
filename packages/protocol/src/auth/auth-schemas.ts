import { z } from 'zod';
import { base64Url } from '../common/base64-url.ts';
import { BackupCodeSchema, CodeFactorSchema, TotpCodeSchema } from './code-factor.ts';
import { WebAuthnAuthenticationResponse, WebAuthnRequestOptions } from './webauthn-schemas.ts';

export { base64Url, CodeFactorSchema };

/** The roles of product.md; a member may hold several. */
export const RoleSchema = z.enum([
  'hotline_operator',
  'case_coordinator',
  'shelter_coordinator',
  'documentation',
  'analyst',
  'administrator',
]);
export type Role = z.infer<typeof RoleSchema>;

/** A staff pseudonym (never a legal name): letters, digits, dot, dash, underscore. */
export const HandleSchema = z
  .string()
  .min(3)
  .max(40)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dot, dash or underscore');

export const PasswordStretchingSchema = z
  .object({
    algorithm: z.literal('argon2id'),
    memoryKiB: z.number().int().min(8_192).max(4_194_304),
    iterations: z.number().int().min(1).max(64),
    parallelism: z.number().int().min(1).max(16),
  })
  .meta({ id: 'PasswordStretching' });

const opaqueMessage = base64Url(2_048);
const token = base64Url(128);
const publicKey = base64Url(44);
const totpCode = TotpCodeSchema;
const backupCode = BackupCodeSchema;

export const AccountSelfSchema = z
  .object({
    id: z.string().max(64),
    handle: HandleSchema,
    roles: z.array(RoleSchema).max(6),
    boxPublicKey: publicKey,
    signPublicKey: publicKey,
    /** The member's private keys, wrapped under the key from their OPAQUE export key. */
    wrappedKeys: base64Url(400),
  })
  .meta({ id: 'AccountSelf' });

export const CreateInvitationBody = z.object({
  roles: z.array(RoleSchema).min(1).max(6),
  expiresInHours: z.number().int().min(1).max(168),
});
export const InvitationCreated = z.object({ token, expiresAt: z.iso.datetime() });

export const StartRegistrationBody = z.object({
  invitationToken: token,
  handle: HandleSchema,
  registrationRequest: opaqueMessage,
});
export const RegistrationStarted = z.object({
  accountId: z.string().max(64),
  registrationResponse: opaqueMessage,
  /** The TOTP secret to enrol now; sign-up completes only with a code from it. */
  totpSecret: z.string().regex(/^[A-Z2-7]{16,64}$/),
  totpUri: z.string().max(500),
});

export const FinishRegistrationBody = z.object({
  invitationToken: token,
  registrationRecord: opaqueMessage,
  passwordStretching: PasswordStretchingSchema,
  boxPublicKey: publicKey,
  signPublicKey: publicKey,
  wrappedKeys: base64Url(400),
  /** The same private keys wrapped under the recovery code's key. */
  recoveryWrappedKeys: base64Url(400),
  totpCode,
});
export const RegistrationFinished = z.object({
  accountId: z.string().max(64),
  /** Shown once; each opens one login in place of a TOTP code. */
  backupCodes: z.array(backupCode).length(10),
});

export const StartLoginBody = z.object({ handle: HandleSchema, startLoginRequest: opaqueMessage });
export const LoginStarted = z.object({
  attemptId: token,
  loginResponse: opaqueMessage,
  passwordStretching: PasswordStretchingSchema,
  /** For a security key as the second factor: the same for every handle, known or not. */
  webauthn: WebAuthnRequestOptions,
});

export const FinishLoginBody = z.object({
  attemptId: token,
  finishLoginRequest: opaqueMessage,
  secondFactor: z.union([
    z.object({ totpCode }),
    z.object({ backupCode }),
    z.object({ webauthn: WebAuthnAuthenticationResponse }),
  ]),
  deviceLabel: z.string().min(1).max(80),
});
export const LoggedIn = z.object({
  sessionToken: token,
  expiresAt: z.iso.datetime(),
  account: AccountSelfSchema,
});

export const SessionInfo = z.object({
  account: AccountSelfSchema,
  session: z.object({ id: z.string().max(64), expiresAt: z.iso.datetime() }),
});

export const SessionList = z.object({
  sessions: z
    .array(
      z.object({
        id: z.string().max(64),
        deviceLabel: z.string().max(80),
        createdAt: z.iso.datetime(),
        lastSeenAt: z.iso.datetime(),
        current: z.boolean(),
      }),
    )
    .max(200),
});

export const SessionIdParams = z.object({ sessionId: z.string().min(1).max(64) });
export const Done = z.object({ ok: z.literal(true) });

export const StartUnlockBody = z.object({ startLoginRequest: opaqueMessage });
export const FinishUnlockBody = z.object({ attemptId: token, finishLoginRequest: opaqueMessage });
export const Unlocked = z.object({ account: AccountSelfSchema });

export const AccountSummarySchema = z.object({
  id: z.string().max(64),
  handle: HandleSchema,
  roles: z.array(RoleSchema).max(6),
  status: z.enum(['active', 'disabled']),
  createdAt: z.iso.datetime(),
});
export const AccountList = z.object({ accounts: z.array(AccountSummarySchema).max(10_000) });
export const AccountParams = z.object({ accountId: z.string().min(1).max(64) });

export const StartRecoveryBody = z.object({
  handle: HandleSchema,
  secondFactor: CodeFactorSchema,
});
export const RecoveryStarted = z.object({
  recoveryId: token,
  accountId: z.string().max(64),
  challenge: base64Url(64),
  /** The member's private keys wrapped under their recovery code's key. */
  recoveryWrappedKeys: base64Url(400),
});
export const RecoveryRegisterBody = z.object({
  recoveryId: token,
  /** Ed25519 signature (purpose `account-recovery`) over the challenge, by the member's own key. */
  signature: base64Url(88),
  registrationRequest: opaqueMessage,
});
export const RecoveryRegistered = z.object({ registrationResponse: opaqueMessage });
export const FinishRecoveryBody = z.object({
  recoveryId: token,
  registrationRecord: opaqueMessage,
  passwordStretching: PasswordStretchingSchema,
  wrappedKeys: base64Url(400),
  recoveryWrappedKeys: base64Url(400),
});
