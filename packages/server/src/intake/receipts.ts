import { timingSafeEqual } from 'node:crypto';
import {
  asReceiptServerKey,
  type BoxKeyPair,
  deriveReceiptKeys,
  deriveSubkey,
  fromBase64,
  generateReceiptCode,
  parseReceiptCode,
  type ReceiptCode,
  type ReceiptServerKey,
  receiptVerifier,
  toBase64,
  tokenDigest,
  wipe,
} from '@corridor/crypto';
import type { ServerSecrets } from '../secrets/server-secrets.ts';
import type { Storage } from '../storage/storage.ts';
import type { ReceiptRecord } from './channel-api.ts';
import type { InboxState } from './inbox.ts';

/**
 * Receipt codes of the web channel. The server keeps, per conversation, a lookup value
 * (to find the row by an index) and a verifier (compared in constant time, so an index
 * probe's timing says nothing about it), both hashes of the code's access key, and the
 * code's public key. The code itself and its secret key exist only during the request.
 */
export interface IssuedReceipt {
  readonly code: ReceiptCode;
  readonly record: ReceiptRecord;
  readonly replyPublicKey: string;
}

const lookupOf = (accessKey: Uint8Array) => tokenDigest('receipt-lookup', toBase64(accessKey));

/**
 * The server's receipt key (`blake2b-keyed` derivations, decision 0035): derived from the
 * sealing key, so it lives in the secrets file and a copy of the database alone cannot
 * test a guessed code. Inboxes still on Argon2id ignore it.
 */
export function receiptServerKey(secrets: ServerSecrets): ReceiptServerKey {
  return asReceiptServerKey(deriveSubkey(secrets.sealingKey, 'receiptk'));
}

export function issueReceipt(inbox: InboxState, serverKey: ReceiptServerKey): IssuedReceipt {
  const code = generateReceiptCode();
  const keys = deriveReceiptKeys(code, inbox.receiptSalt, inbox.receiptKdf, serverKey);
  const issued = {
    code,
    record: { lookup: lookupOf(keys.accessKey), verifier: receiptVerifier(keys.accessKey) },
    replyPublicKey: toBase64(keys.keyPair.publicKey),
  };
  wipe(keys.accessKey);
  wipe(keys.keyPair.secretKey);
  return issued;
}

export interface OpenedReceipt {
  readonly conversationId: string;
  /** Opens the staff replies; wipe its secret key when the request is done. */
  readonly keyPair: BoxKeyPair;
}

/**
 * The conversation a typed code opens, or null for a code that is malformed, mistyped or
 * forged — the caller cannot tell which, and every path derives the keys once, so the
 * time taken does not tell either.
 */
export async function openReceipt(
  db: Storage['db'],
  inbox: InboxState,
  serverKey: ReceiptServerKey,
  typed: string,
): Promise<OpenedReceipt | null> {
  let code: ReceiptCode;
  let wellFormed = true;
  try {
    code = parseReceiptCode(typed);
  } catch {
    wellFormed = false;
    code = generateReceiptCode();
  }
  const keys = deriveReceiptKeys(code, inbox.receiptSalt, inbox.receiptKdf, serverKey);
  const verifier = fromBase64(receiptVerifier(keys.accessKey));
  const row = await db
    .selectFrom('intake_conversation')
    .select(['id', 'receipt_verifier'])
    .where('receipt_lookup', '=', lookupOf(keys.accessKey))
    .executeTakeFirst();
  wipe(keys.accessKey);
  const stored = row?.receipt_verifier ? fromBase64(row.receipt_verifier) : new Uint8Array(32);
  const matches =
    stored.length === verifier.length && timingSafeEqual(stored, verifier) && row !== undefined;
  if (!wellFormed || !matches || !row) {
    wipe(keys.keyPair.secretKey);
    return null;
  }
  return { conversationId: row.id, keyPair: keys.keyPair };
}
