import {
  asBoxPublicKey,
  asSignPublicKey,
  type BoxKeyPair,
  decryptRecord,
  encryptRecord,
  fromBase64,
  generateSymmetricKey,
  openSealedKey,
  sealKey,
  sign,
  toBase64,
  utf8,
  verify,
} from '@corridor/crypto';
import { getAccountKeysRoute } from '@corridor/protocol';
import type { MemberSession } from '../auth/log-in.ts';

/**
 * One record sealed to a team: a fresh key sealed to the team's public key, JSON under it,
 * bound by `purpose` and `context` to what it belongs to (so a record cannot be moved onto
 * another shelter or placement). A fresh key per version means nothing needs rotating.
 */
export function sealToTeam(
  teamPublicKey: string,
  content: unknown,
  purpose: string,
  context: { caseId: string; kind: string },
): { sealedKey: string; payload: string } {
  const key = generateSymmetricKey('record');
  return {
    sealedKey: toBase64(sealKey(asBoxPublicKey(fromBase64(teamPublicKey)), key, 'record', purpose)),
    payload: toBase64(encryptRecord(key, utf8(JSON.stringify(content)), context)),
  };
}

/** Opens what `sealToTeam` sealed. @throws CryptoError when it does not open. */
export function openFromTeam(
  teamKey: BoxKeyPair,
  record: { sealedKey: string; payload: string },
  purpose: string,
  context: { caseId: string; kind: string },
): unknown {
  const key = openSealedKey(teamKey, fromBase64(record.sealedKey), 'record', purpose);
  return JSON.parse(
    new TextDecoder().decode(decryptRecord(key, fromBase64(record.payload), context)),
  );
}

export const signStatement = (session: MemberSession, purpose: string, statement: string) =>
  toBase64(sign(session.keys.sign.secretKey, purpose, utf8(statement)));

/** Each author's signing key, looked up once; undefined where it cannot be had. */
export async function signingKeys(
  session: MemberSession,
  authorIds: Iterable<string>,
): Promise<Map<string, Uint8Array | undefined>> {
  const keys = new Map<string, Uint8Array | undefined>();
  for (const authorId of new Set(authorIds)) {
    try {
      const found = await session.api.call(getAccountKeysRoute, {
        params: { accountId: authorId },
      });
      keys.set(authorId, fromBase64(found.signPublicKey));
    } catch {
      keys.set(authorId, undefined);
    }
  }
  return keys;
}

export const signedBy = (
  key: Uint8Array | undefined,
  purpose: string,
  statement: string,
  signature: string,
): boolean =>
  key !== undefined &&
  verify(asSignPublicKey(key), purpose, utf8(statement), fromBase64(signature));
