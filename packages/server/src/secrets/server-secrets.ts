import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  asSymmetricKey,
  createOpaqueServerSetup,
  decryptRecord,
  deriveSubkey,
  encryptRecord,
  fromBase64,
  fromUtf8,
  generateSymmetricKey,
  type RecordKey,
  toBase64,
  utf8,
} from '@corridor/crypto';
import { z } from 'zod';

/**
 * Secrets the server itself needs, kept in a file beside (never in) the database, so a
 * copy of the database alone opens nothing: OPAQUE's server setup (OPRF seed and key
 * pair; a new one invalidates every password) and the key that seals TOTP secrets and
 * login state at rest. Several instances on one PostgreSQL share the same file.
 */
export interface ServerSecrets {
  readonly opaqueServerSetup: string;
  readonly sealingKey: RecordKey;
  /** Keys the digests of low-entropy tokens (backup codes); derived from the sealing key. */
  readonly digestKey: Uint8Array;
}

const FileSchema = z.object({
  version: z.literal(1),
  opaqueServerSetup: z.string().min(100).max(1000),
  sealingKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

/** The secrets file is missing, unreadable, or cannot be used with this database. */
export class SecretsError extends Error {
  override readonly name = 'SecretsError';
}

/**
 * Reads the secrets file, or creates it (mode 0600) when `mayCreate` — only for a
 * database without accounts, since new secrets would lock every member out.
 */
export function loadServerSecrets(file: string, mayCreate: boolean): ServerSecrets {
  if (!existsSync(file)) {
    if (!mayCreate) {
      throw new SecretsError(
        `The server secrets file ${file} is missing but the database has accounts: restore the file from your backup (CORRIDOR_SECRETS_FILE), or no one can log in.`,
      );
    }
    const created = {
      version: 1 as const,
      opaqueServerSetup: createOpaqueServerSetup(),
      sealingKey: toBase64(generateSymmetricKey('record')),
    };
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  let parsed: z.infer<typeof FileSchema>;
  try {
    parsed = FileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new SecretsError(
      `The server secrets file ${file} is not valid: restore it from your backup.`,
    );
  }
  const sealingKey = asSymmetricKey('record', fromBase64(parsed.sealingKey));
  return {
    opaqueServerSetup: parsed.opaqueServerSetup,
    sealingKey,
    digestKey: deriveSubkey(sealingKey, 'digests_'),
  };
}

/** Seals a small server-side secret (a TOTP secret, OPAQUE login state) bound to its owner and kind. */
export function sealServerValue(
  secrets: ServerSecrets,
  kind: string,
  ownerId: string,
  value: string,
): string {
  return toBase64(
    encryptRecord(secrets.sealingKey, utf8(value), { caseId: ownerId, kind: `server:${kind}` }),
  );
}

export function openServerValue(
  secrets: ServerSecrets,
  kind: string,
  ownerId: string,
  sealed: string,
): string {
  return fromUtf8(
    decryptRecord(secrets.sealingKey, fromBase64(sealed), {
      caseId: ownerId,
      kind: `server:${kind}`,
    }),
  );
}
