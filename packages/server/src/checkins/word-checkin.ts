import { checkinWordDigest, randomToken } from '@corridor/crypto';
import { audit } from '../audit/audit-log.ts';
import type { Storage } from '../storage/storage.ts';
import { openStatuses, recordOutcome } from './record-checkin.ts';

type Db = Storage['db'];

/** Words one conversation may try in `wordWindowMinutes`, right or wrong. */
export const maxWordAttempts = 5;
export const wordWindowMinutes = 15;
/** Longer than any word anyone agrees on; what is longer is not tried. */
export const maxWordChars = 100;

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
 * Checks a word typed by the evacuee against each open check-in of their conversation
 * (earliest due first): the safe word records it `on_time` or `late`, the duress word
 * records `duress` and raises the silent alarm. Every attempt counts against the
 * conversation's limit, recorded outside the check's transaction so a failure still
 * counts; past the limit nothing is checked.
 */
export async function checkInByWord(
  db: Db,
  conversationId: string,
  word: string,
  now: string,
): Promise<WordAnswer> {
  const since = new Date(Date.parse(now) - wordWindowMinutes * 60_000).toISOString();
  await db
    .deleteFrom('checkin_word_attempt')
    .where('conversation_id', '=', conversationId)
    .where('at', '<', since)
    .execute();
  const tried = await db
    .selectFrom('checkin_word_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirstOrThrow();
  if (Number(tried.n) >= maxWordAttempts) return 'rate_limited';
  await db
    .insertInto('checkin_word_attempt')
    .values({ id: randomToken(16), conversation_id: conversationId, at: now })
    .execute();
  const typed = word.slice(0, maxWordChars);
  if (typed.trim() === '') return 'not_recognised';
  return db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom('checkin')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('status', 'in', openStatuses)
      .where('word_salt', 'is not', null)
      .orderBy('due_at')
      .execute();
    for (const checkin of open) {
      if (!checkin.word_salt) continue;
      const digest = checkinWordDigest(checkin.word_salt, typed);
      const outcome = equal(digest, checkin.duress_digest)
        ? 'duress'
        : equal(digest, checkin.safe_digest)
          ? 'safe'
          : null;
      if (!outcome) continue;
      await recordOutcome(trx, checkin, outcome, now);
      // Under the member who scheduled it: the evacuee has no account. Which word it was
      // is not in the entry; the check-in's status says it, to those who hold the case.
      await audit(trx, checkin.scheduled_by, 'checkin.word', checkin.case_id, now, checkin.id);
      return 'checked_in';
    }
    return 'not_recognised';
  });
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
