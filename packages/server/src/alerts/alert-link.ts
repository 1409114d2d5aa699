import { randomBytes } from '@corridor/crypto';
import { type AlertLanguage, alertLinkCodeMinutes } from '@corridor/protocol';
import { audit } from '../audit/audit-log.ts';
import type { ServerSecrets } from '../secrets/server-secrets.ts';
import type { Storage } from '../storage/storage.ts';
import { alertChatIndex, linkCodeDigest, sealAlertChatId } from './alert-keys.ts';

type Db = Storage['db'];

/** Crockford's base 32: no I, L, O, U, so what is read aloud or retyped stays one code. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Ten random characters (each byte's low five bits: 256 is a multiple of 32, so uniform). */
export function newLinkCode(): string {
  const chars = [...randomBytes(10)].map((b) => alphabet[b & 31]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/**
 * What a person types, as the code was shown: upper case, the dash where it belongs,
 * and the letters Crockford reads as digits (O→0, I and L→1); null when it cannot be one.
 */
export function normaliseLinkCode(typed: string): string | null {
  const chars = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(chars)) return null;
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/**
 * A new one-time link code for the account, replacing any earlier one; only its keyed
 * digest is stored. The code itself goes to the member once and nowhere else.
 */
export async function createLinkCode(
  db: Db,
  secrets: ServerSecrets,
  accountId: string,
  language: AlertLanguage | undefined,
  now: string,
): Promise<{ code: string; expiresAt: string }> {
  const code = newLinkCode();
  const expiresAt = new Date(Date.parse(now) + alertLinkCodeMinutes * 60_000).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('alert_link_code').where('account_id', '=', accountId).execute();
    await trx
      .insertInto('alert_link_code')
      .values({
        account_id: accountId,
        code_digest: linkCodeDigest(secrets, code),
        language: language ?? null,
        expires_at: expiresAt,
        created_at: now,
      })
      .execute();
    await audit(trx, accountId, 'alerts.code', null, now);
  });
  return { code, expiresAt };
}

export type LinkAnswer = 'linked' | 'invalid_code' | 'unlinked' | 'not_linked';

/**
 * `/alerts <code>` from a private chat: a live code binds the chat to its account (the
 * code is used up, in the same transaction). The chat may serve one account only, and
 * an account one chat: an earlier binding of either is replaced. Unknown, expired and
 * used codes are one answer.
 */
export async function linkChatByCode(
  db: Db,
  secrets: ServerSecrets,
  chatId: number,
  typed: string,
  now: string,
): Promise<LinkAnswer> {
  const code = normaliseLinkCode(typed);
  if (code === null) return 'invalid_code';
  const digest = linkCodeDigest(secrets, code);
  const chatIndex = alertChatIndex(secrets, chatId);
  return db.transaction().execute(async (trx) => {
    // The delete is the claim: of two chats sending one code at once, one deletes the row.
    const used = await trx
      .deleteFrom('alert_link_code')
      .where('code_digest', '=', digest)
      .returningAll()
      .executeTakeFirst();
    if (!used) return 'invalid_code';
    if (used.expires_at <= now) return 'invalid_code';
    const accountId = used.account_id;
    const active = await trx
      .selectFrom('account')
      .select('id')
      .where('id', '=', accountId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!active) return 'invalid_code';
    const previous = await trx
      .deleteFrom('alert_telegram')
      .where('chat_index', '=', chatIndex)
      .where('account_id', '!=', accountId)
      .returning('account_id')
      .execute();
    for (const row of previous) {
      await dropPending(trx, row.account_id);
      await audit(trx, row.account_id, 'alerts.unlink', null, now, 'telegram relinked');
    }
    await trx.deleteFrom('alert_telegram').where('account_id', '=', accountId).execute();
    await trx
      .insertInto('alert_telegram')
      .values({
        account_id: accountId,
        chat_index: chatIndex,
        sealed_chat_id: sealAlertChatId(secrets, accountId, chatId),
        language: used.language,
        linked_at: now,
      })
      .execute();
    await audit(trx, accountId, 'alerts.link', null, now, 'telegram');
    return 'linked';
  });
}

/** `/alerts off` from a chat: removes the binding of that chat, whoever it belongs to. */
export async function unlinkChat(
  db: Db,
  secrets: ServerSecrets,
  chatId: number,
  now: string,
): Promise<LinkAnswer> {
  const chatIndex = alertChatIndex(secrets, chatId);
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('alert_telegram')
      .where('chat_index', '=', chatIndex)
      .returning('account_id')
      .executeTakeFirst();
    if (!removed) return 'not_linked';
    await dropPending(trx, removed.account_id);
    await audit(trx, removed.account_id, 'alerts.unlink', null, now, 'telegram chat');
    return 'unlinked';
  });
}

/** Turning alerts off in the staff app: the binding, a live code and pending notices go. */
export async function unlinkAccount(db: Db, accountId: string, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('alert_telegram')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    await trx.deleteFrom('alert_link_code').where('account_id', '=', accountId).execute();
    await dropPending(trx, accountId);
    if (Number(removed.numDeletedRows) > 0)
      await audit(trx, accountId, 'alerts.unlink', null, now, 'telegram app');
  });
}

export async function telegramLinkedAt(db: Db, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom('alert_telegram')
    .select('linked_at')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row?.linked_at ?? null;
}

async function dropPending(trx: Db, accountId: string): Promise<void> {
  await trx.deleteFrom('alert_outbox').where('account_id', '=', accountId).execute();
}
