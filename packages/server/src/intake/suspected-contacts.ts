import type { Storage } from '../storage/storage.ts';
import { markSuspectedContact, suspectedContactMark } from '../verification/infiltrator-marks.ts';
import type { IntakeDeps } from './channel-api.ts';

type Db = Storage['db'];

/**
 * Police have posed as victims and come back under the same account. When a case's
 * verification outcome becomes `suspected_infiltrator`, every conversation linked to it
 * is flagged, and each one's routing index (the blind index of its Telegram chat or
 * e-mail address) is marked, so the next conversation from that contact warns too.
 * Runs inside the transaction that records the outcome (or the link).
 */
export async function markLinkedContacts(
  trx: Db,
  caseId: string,
  markedBy: string,
  at: string,
): Promise<void> {
  const linked = await trx
    .updateTable('intake_conversation')
    .set({ suspected_contact: 1 })
    .where('case_id', '=', caseId)
    .returning('routing_index')
    .execute();
  for (const { routing_index } of linked) {
    if (routing_index !== null) {
      await markSuspectedContact(trx, { blindIndex: routing_index, caseId, markedBy, at });
    }
  }
}

/**
 * For a channel: when a message has arrived (`acceptInbound` resolved), flags its
 * conversation if the contact's routing index is marked — the server-visible column
 * `intake_conversation.suspected_contact` the inbox warns on. The inbox also checks the
 * marks itself when it lists, so a mark made later still shows; the flag is what a
 * channel records at arrival, and what stays if a mark is lifted by mistake.
 * @returns whether the contact is marked (and the conversation now flagged)
 */
export async function flagSuspectedContact(
  deps: IntakeDeps,
  conversationId: string,
): Promise<boolean> {
  const { db } = deps.storage;
  const row = await db
    .selectFrom('intake_conversation')
    .select('routing_index')
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!row?.routing_index || !(await suspectedContactMark(db, row.routing_index))) return false;
  await db
    .updateTable('intake_conversation')
    .set({ suspected_contact: 1 })
    .where('id', '=', conversationId)
    .execute();
  return true;
}
