import type { EventInputSchema } from '@corridor/protocol';
import type { z } from 'zod';
import { audit } from '../audit/audit-log.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];
type EventInput = z.infer<typeof EventInputSchema>;

/**
 * The accounts among `accountIds` who can read a compartment of a case now: active, and
 * in a team that holds it.
 */
export async function readersOf(
  db: Db,
  caseId: string,
  compartment: string,
  accountIds: readonly string[],
): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('case_access')
    .innerJoin('team_member', 'team_member.team_id', 'case_access.team_id')
    .innerJoin('account', 'account.id', 'team_member.account_id')
    .select('account.id')
    .distinct()
    .where('case_access.case_id', '=', caseId)
    .where('case_access.compartment', '=', compartment)
    .where('account.id', 'in', [...accountIds])
    .where('account.status', '=', 'active')
    .execute();
  return new Set(rows.map((row) => row.id));
}

/**
 * A stored event's mentions, inside the transaction that stored it: each member named
 * must be able to read the note itself (its compartment) — not merely some part of the
 * case — or the whole write is refused (`mention_not_allowed`), so a mention can neither
 * show a case to an outsider nor tell someone of a note they cannot open. Each member
 * but the author gets a mention to list; the audit says whom the author named.
 */
export async function recordMentions(
  trx: Db,
  caseId: string,
  authorId: string,
  event: EventInput,
  now: string,
): Promise<void> {
  const { mentions } = event;
  if (!mentions) return;
  if (new Set(mentions).size !== mentions.length) throw new ApiFailure('invalid_request');
  const readers = await readersOf(trx, caseId, event.compartment, mentions);
  if (mentions.some((accountId) => !readers.has(accountId))) {
    throw new ApiFailure('mention_not_allowed');
  }
  // Naming oneself is allowed (it is signed as written) but is no news to tell.
  const told = mentions.filter((accountId) => accountId !== authorId);
  if (told.length > 0) {
    await trx
      .insertInto('case_mention')
      .values(
        told.map((accountId) => ({
          account_id: accountId,
          case_id: caseId,
          seq: event.seq,
          compartment: event.compartment,
          author_id: authorId,
          created_at: now,
          read_at: null,
        })),
      )
      .execute();
  }
  await audit(trx, authorId, 'case.mention', caseId, now, mentions.join(' '));
}
