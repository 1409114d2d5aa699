import { ApiFailure } from '../http/error-handling.ts';
import type { Storage } from '../storage/storage.ts';
import { raiseDuress, resolveAlarm } from './alarms.ts';
import type { CheckinTable } from './checkin-tables.ts';

type Db = Storage['db'];

/**
 * A closed check-in takes no word, so its word digests go: a later seizure cannot test
 * guesses against them (and learn which word means duress).
 */
const forgetWords = { word_salt: null, safe_digest: null, duress_digest: null } as const;

/** A check-in still waiting for its evacuee: not yet recorded or cancelled. */
export const openStatuses = ['pending', 'missed'] as const;

/**
 * Records a check-in, by a member or by the evacuee's word: safe is `on_time` up to
 * due+grace and `late` after (its alarm, if raised, resolved); duress raises a silent
 * alarm. The conditional UPDATE on the status is the claim, so two recordings at once
 * cannot both succeed.
 * @throws ApiFailure `checkin_closed` when it was already recorded or cancelled
 */
export async function recordOutcome(
  trx: Db,
  checkin: CheckinTable,
  outcome: 'safe' | 'duress',
  now: string,
): Promise<CheckinTable['status']> {
  const status = outcome === 'duress' ? 'duress' : now <= checkin.deadline ? 'on_time' : 'late';
  const claimed = await trx
    .updateTable('checkin')
    .set({ status, recorded_at: now, ...forgetWords })
    .where('id', '=', checkin.id)
    .where('status', 'in', openStatuses)
    .returning('id')
    .executeTakeFirst();
  if (!claimed) throw new ApiFailure('checkin_closed');
  if (outcome === 'safe') await resolveAlarm(trx, checkin.id, now);
  else await raiseDuress(trx, { ...checkin, status }, now);
  return status;
}

/** Cancels a check-in still open; its alarm, if raised, is resolved. */
export async function cancelOpenCheckin(trx: Db, checkinId: string, now: string): Promise<void> {
  const claimed = await trx
    .updateTable('checkin')
    .set({ status: 'cancelled', recorded_at: now, ...forgetWords })
    .where('id', '=', checkinId)
    .where('status', 'in', openStatuses)
    .returning('id')
    .executeTakeFirst();
  if (!claimed) throw new ApiFailure('checkin_closed');
  await resolveAlarm(trx, checkinId, now);
}
