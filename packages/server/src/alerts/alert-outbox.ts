import { randomToken } from '@corridor/crypto';
import type { Storage } from '../storage/storage.ts';

type Db = Storage['db'];

/** How long a claimed notice is an instance's to send; after that (a crash), anyone's. */
export const claimLeaseMs = 2 * 60_000;

/**
 * Queues one notice for each of `accountIds` that has Telegram alerts on, in the caller's
 * transaction — the one that fired the rung — so the notice exists exactly when the
 * alert does: a rolled-back rung queues nothing, a committed one loses nothing.
 */
export async function enqueueAlarmNotices(
  trx: Db,
  accountIds: readonly string[],
  now: string,
): Promise<void> {
  if (accountIds.length === 0) return;
  const linked = await trx
    .selectFrom('alert_telegram')
    .select('account_id')
    .where('account_id', 'in', [...accountIds])
    .execute();
  if (linked.length === 0) return;
  await trx
    .insertInto('alert_outbox')
    .values(
      linked.map((row) => ({
        id: randomToken(16),
        account_id: row.account_id,
        created_at: now,
        next_at: now,
        attempts: 0,
        claimed_until: null,
      })),
    )
    .execute();
}

export interface ClaimedNotice {
  readonly id: string;
  readonly accountId: string;
  /** Attempts including this one. */
  readonly attempts: number;
  readonly createdAt: string;
}

/**
 * Claims up to `limit` due notices for this instance. Each claim is a conditional
 * UPDATE on the row's `attempts` and free lease: on PostgreSQL a second instance's
 * UPDATE of the same row waits for the first to commit, re-checks and matches nothing.
 */
export async function claimDueNotices(db: Db, now: string, limit = 50): Promise<ClaimedNotice[]> {
  const due = await db
    .selectFrom('alert_outbox')
    .select(['id', 'account_id', 'attempts', 'created_at'])
    .where('next_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
    .orderBy('next_at')
    .limit(limit)
    .execute();
  const leaseEnd = new Date(Date.parse(now) + claimLeaseMs).toISOString();
  const claimed: ClaimedNotice[] = [];
  for (const row of due) {
    const result = await db
      .updateTable('alert_outbox')
      .set({ claimed_until: leaseEnd, attempts: row.attempts + 1 })
      .where('id', '=', row.id)
      .where('attempts', '=', row.attempts)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) {
      claimed.push({
        id: row.id,
        accountId: row.account_id,
        attempts: row.attempts + 1,
        createdAt: row.created_at,
      });
    }
  }
  return claimed;
}

/** Sent, or never to be sent: the row goes. */
export async function finishNotice(db: Db, id: string): Promise<void> {
  await db.deleteFrom('alert_outbox').where('id', '=', id).execute();
}

/** Not sent this time: free the claim and try again at `nextAt`. */
export async function retryNotice(db: Db, id: string, nextAt: string): Promise<void> {
  await db
    .updateTable('alert_outbox')
    .set({ claimed_until: null, next_at: nextAt })
    .where('id', '=', id)
    .execute();
}

/** Link codes past their time: nothing can use them any more. */
export async function pruneLinkCodes(db: Db, now: string): Promise<void> {
  await db.deleteFrom('alert_link_code').where('expires_at', '<=', now).execute();
}
