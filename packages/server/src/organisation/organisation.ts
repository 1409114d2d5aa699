import { randomUUID } from 'node:crypto';
import type { Storage } from '../storage/storage.ts';

/** The installation's own row; created once, on first start, whichever instance gets there first. */
export async function ensureOrganisation(storage: Storage): Promise<void> {
  await storage.db
    .insertInto('organisation')
    .values({ id: randomUUID(), created_at: new Date().toISOString() })
    .onConflict((conflict) => conflict.column('singleton').doNothing())
    .execute();
}

/** True when the organisation in this database is the demo one. */
export async function isDemo(storage: Storage): Promise<boolean> {
  const row = await storage.db.selectFrom('organisation').select('demo').executeTakeFirst();
  return Number(row?.demo ?? 0) === 1;
}

/** Marks the organisation as the demo one; only `npm start` does this, on an empty database. */
export async function markDemo(storage: Storage): Promise<void> {
  await storage.db.updateTable('organisation').set({ demo: 1 }).execute();
}

export async function hasAccounts(storage: Storage): Promise<boolean> {
  return (
    (await storage.db.selectFrom('account').select('id').limit(1).executeTakeFirst()) !== undefined
  );
}
