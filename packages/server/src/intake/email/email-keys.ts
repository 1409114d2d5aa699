import {
  type BlindIndexKey,
  type BoxKeyPair,
  blindIndex,
  boxKeyPairFromSeed,
  deriveSubkey,
  toBase64,
} from '@corridor/crypto';
import type { ServerSecrets } from '../../secrets/server-secrets.ts';

/**
 * The key pair staff seal e-mail replies to (the conversation's `reply_public_key`): the
 * channel must send plaintext, so it must open them. Derived from the sealing key, it
 * lives in the secrets file and never in the database (intake/README.md, "Replies").
 */
export function emailReplyKeyPair(secrets: ServerSecrets): BoxKeyPair {
  return boxKeyPairFromSeed(deriveSubkey(secrets.sealingKey, 'emailrpk'));
}

export function emailReplyPublicKey(secrets: ServerSecrets): string {
  return toBase64(emailReplyKeyPair(secrets).publicKey);
}

/**
 * Identity of one e-mail for `acceptInbound`'s `sourceIndex`: the sender with the
 * Message-ID (a Message-ID alone could be copied by someone else to suppress a message),
 * or, without a Message-ID, the mailbox's UIDVALIDITY and UID, stable until deleted.
 */
export function emailSourceIndex(
  key: BlindIndexKey,
  from: string | null,
  messageId: string | null,
  mailboxUid: string,
): string {
  return blindIndex(
    key,
    'intake-email-source',
    messageId ? `${from ?? ''}\n${messageId}` : `uid\n${mailboxUid}`,
  );
}
