import { type CheckinWordKdf, checkinWordDigest, randomToken } from '@corridor/crypto';
import { audit } from '../audit/audit-log.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { openStatuses, recordOutcome } from './record-checkin.ts';

type Db = Storage['db'];

/** Words one conversation may try in `wordWindowMinutes`, right or wrong. */
export const maxWordAttempts = 5;
export const wordWindowMinutes = 15;
/** Longer than any word anyone agrees on; what is longer is not tried. */
export const maxWordChars = 100;
/**
 * Open check-ins with words one attempt is tried against, the earliest due first: each
 * costs an Argon2id digest, so with `maxWordAttempts` this bounds a conversation's cost
 * to the server (a trip has a handful of legs open at once, not dozens).
 */
export const maxWordCheckinsTried = 10;

/**
 * How `checkin.word_salt` keeps the salt and how the digests were made: `<kdf>$<salt>`
 * for a schedule that names its KDF, the bare salt for one signed before (BLAKE2b). The
 * salt is base64url, so it never holds a `$`.
 */
export function storedWordSalt(words: { salt: string; kdf?: CheckinWordKdf | undefined }): string {
  return words.kdf && words.kdf !== 'blake2b' ? `${words.kdf}$${words.salt}` : words.salt;
}

/** The salt and KDF from `checkin.word_salt` (see `storedWordSalt`). */
export function readWordSalt(stored: string): { salt: string; kdf: CheckinWordKdf } {
  const at = stored.indexOf('$');
  if (at < 0) return { salt: stored, kdf: 'blake2b' };
  const kdf = stored.slice(0, at);
  if (kdf !== 'argon2id-v1') throw new Error('unknown check-in word KDF');
  return { salt: stored.slice(at + 1), kdf };
}

/**
 * What the evacuee is told. `checked_in` for the safe word AND the duress word: whoever
 * watches the screen or the chat cannot tell them apart.
 */
export type WordAnswer = 'checked_in' | 'not_recognised' | 'rate_limited';

/** Whether the conversation has an open check-in the evacuee may answer by word. */
export async function hasWordCheckin(db: Db, conversationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('checkin')
    .select('id')
    .where('conversation_id', '=', conversationId)
    .where('status', 'in', openStatuses)
    .where('word_salt', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

const equal = (a: string, b: string | null) => {
  if (b === null || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};

/**
 * Counts one attempt against the conversation's limit, or answers that the limit is
 * reached. Count and record are one transaction that first writes the conversation's row:
 * on PostgreSQL that row lock queues a parallel attempt until this one commits (it then
 * counts this one); on SQLite the write makes the transaction the one writer before it
 * counts. So parallel requests cannot all pass the count before any is recorded. Its own
 * transaction, committed before the word is checked, so an attempt that fails later
 * still counts.
 */
async function countAttempt(db: Db, conversationId: string, now: string): Promise<boolean> {
  const since = new Date(Date.parse(now) - wordWindowMinutes * 60_000).toISOString();
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('intake_conversation')
      // A write that changes nothing (`status` to itself), for its lock.
      .set((eb) => ({ status: eb.ref('status') }))
      .where('id', '=', conversationId)
      .execute();
    await trx
      .deleteFrom('checkin_word_attempt')
      .where('conversation_id', '=', conversationId)
      .where('at', '<', since)
      .execute();
    const tried = await trx
      .selectFrom('checkin_word_attempt')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('conversation_id', '=', conversationId)
      .executeTakeFirstOrThrow();
    if (Number(tried.n) >= maxWordAttempts) return false;
    await trx
      .insertInto('checkin_word_attempt')
      .values({ id: randomToken(16), conversation_id: conversationId, at: now })
      .execute();
    return true;
  });
}

/**
 * Checks a word typed by the evacuee against the open check-ins of their conversation
 * (earliest due first, then first scheduled; at most `maxWordCheckinsTried`): the safe
 * word records it `on_time` or `late`, the duress word records `duress` and raises the
 * silent alarm.
 * Every attempt counts against the conversation's limit (`countAttempt`); past the limit
 * nothing is checked. The digests (Argon2id, slow on purpose) are computed outside any
 * transaction, so no lock is held while they run.
 *
 * A right word whose check-in closed in the meantime (a member recorded or cancelled it
 * at the same moment) answers `checked_in` like any right word: the evacuee — or whoever
 * watches their screen — sees a normal result, never an error page.
 */
export async function checkInByWord(
  db: Db,
  conversationId: string,
  word: string,
  now: string,
): Promise<WordAnswer> {
  if (!(await countAttempt(db, conversationId, now))) return 'rate_limited';
  const typed = word.slice(0, maxWordChars);
  if (typed.trim() === '') return 'not_recognised';
  const open = await db
    .selectFrom('checkin')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('status', 'in', openStatuses)
    .where('word_salt', 'is not', null)
    .orderBy('due_at')
    .orderBy('scheduled_seq')
    .limit(maxWordCheckinsTried)
    .execute();
  let matched = false;
  for (const checkin of open) {
    if (!checkin.word_salt) continue;
    const { salt, kdf } = readWordSalt(checkin.word_salt);
    const digest = checkinWordDigest(salt, typed, kdf);
    const outcome = equal(digest, checkin.duress_digest)
      ? 'duress'
      : equal(digest, checkin.safe_digest)
        ? 'safe'
        : null;
    if (!outcome) continue;
    matched = true;
    try {
      await db.transaction().execute(async (trx) => {
        await recordOutcome(trx, checkin, outcome, now);
        // Under the member who scheduled it: the evacuee has no account. Which word it
        // was is not in the entry; the check-in's status says it, to those who hold the case.
        await audit(trx, checkin.scheduled_by, 'checkin.word', checkin.case_id, now, checkin.id);
      });
      return 'checked_in';
    } catch (error: unknown) {
      if (!(error instanceof ApiFailure)) throw error;
      // Closed under us (`checkin_closed`): try the next one the word may open.
    }
  }
  return matched ? 'checked_in' : 'not_recognised';
}

/**
 * The conversation of a channel's contact (by routing index) with an open check-in by
 * word, the earliest due first; null when there is none.
 */
export async function wordCheckinConversation(
  db: Db,
  channel: 'telegram' | 'email',
  routingIndex: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('checkin')
    .innerJoin('intake_conversation', 'intake_conversation.id', 'checkin.conversation_id')
    .select('intake_conversation.id')
    .where('intake_conversation.channel', '=', channel)
    .where('intake_conversation.routing_index', '=', routingIndex)
    .where('checkin.status', 'in', openStatuses)
    .where('checkin.word_salt', 'is not', null)
    .orderBy('checkin.due_at')
    .executeTakeFirst();
  return row?.id ?? null;
}
