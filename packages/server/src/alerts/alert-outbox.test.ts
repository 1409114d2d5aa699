// The alarm notice outbox on SQLite and PostgreSQL: only linked members get a notice
// queued; several senders claiming at once never claim one notice twice (every query is
// slowed so their statements interleave); a claim whose sender died lapses and is taken.
import { initCrypto } from '@corridor/crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slowQueries } from '../../../../test-support/slow-queries.ts';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../../../test-support/test-database.ts';
import { migrateToLatest, openStorage, type Storage } from '../storage/storage.ts';
import { insertAccountRow } from '../testing/storage-rows.ts';
import { claimDueNotices, claimLeaseMs, enqueueAlarmNotices } from './alert-outbox.ts';

const at = '2026-11-25T12:00:00.000Z';
const later = (ms: number) => new Date(Date.parse(at) + ms).toISOString();

describe.each(databaseKinds)('the alarm notice outbox on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;

  beforeAll(async () => {
    await initCrypto();
  });
  beforeEach(async () => {
    database = await createTestDatabase(kind);
    storage = await openStorage(database.config);
    await migrateToLatest(storage);
    for (const account of ['nadia', 'timur']) {
      await insertAccountRow(storage.db, { id: account, at });
    }
    // Only Nadia has Telegram alerts on.
    await storage.db
      .insertInto('alert_telegram')
      .values({
        account_id: 'nadia',
        chat_index: 'index',
        sealed_chat_id: 'sealed',
        language: 'en',
        linked_at: at,
      })
      .execute();
  });
  afterEach(async () => {
    await storage?.close();
    await database?.dispose();
  });

  it('queues notices for linked members only', async () => {
    await enqueueAlarmNotices(storage.db, ['nadia', 'timur'], at);
    await enqueueAlarmNotices(storage.db, [], at);
    const rows = await storage.db.selectFrom('alert_outbox').selectAll().execute();
    expect(rows.map((r) => r.account_id)).toEqual(['nadia']);
  });

  it('lets several senders at once claim each notice once', async () => {
    const notices = 20;
    for (let i = 0; i < notices; i += 1) await enqueueAlarmNotices(storage.db, ['nadia'], at);
    const slow = storage.db.withPlugin(slowQueries(5));
    const claims = await Promise.all(
      Array.from({ length: 4 }, () => claimDueNotices(slow, later(1000))),
    );
    const ids = claims.flat().map((c) => c.id);
    expect(ids).toHaveLength(notices);
    expect(new Set(ids).size).toBe(notices);
    expect(claims.flat().every((c) => c.attempts === 1)).toBe(true);
  });

  it('takes over a claim only once its lease has lapsed', async () => {
    await enqueueAlarmNotices(storage.db, ['nadia'], at);
    expect(await claimDueNotices(storage.db, at)).toHaveLength(1);
    // The sender that claimed it died: within the lease nobody else sends it…
    expect(await claimDueNotices(storage.db, later(claimLeaseMs - 1000))).toEqual([]);
    // …after it, someone does.
    const again = await claimDueNotices(storage.db, later(claimLeaseMs));
    expect(again.map((c) => c.attempts)).toEqual([2]);
  });
});
