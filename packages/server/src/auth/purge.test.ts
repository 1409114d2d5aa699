import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../../../test-support/test-database.ts';
import { migrateToLatest, openStorage, type Storage } from '../storage/storage.ts';
import { purgeExpired } from './purge.ts';

describe.each(databaseKinds)('purging expired rows on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
    storage = await openStorage(database.config);
    await migrateToLatest(storage);
  });
  afterEach(async () => {
    await storage.close();
    await database.dispose();
  });

  it('deletes old login attempts and keeps recent ones for the rate limit', async () => {
    const attempt = (id: string, createdAt: string) => ({
      id_digest: id,
      handle: 'h',
      account_id: null,
      server_state_sealed: 'sealed',
      created_at: createdAt,
      expires_at: createdAt,
      used_at: null,
    });
    await storage.db
      .insertInto('login_attempt')
      .values([
        attempt('old', '2026-11-25T09:00:00.000Z'),
        attempt('recent', '2026-11-25T09:50:00.000Z'),
      ])
      .execute();
    await purgeExpired(storage, () => new Date('2026-11-25T10:00:00.000Z'));
    const left = await storage.db.selectFrom('login_attempt').select('id_digest').execute();
    expect(left).toEqual([{ id_digest: 'recent' }]);
  });
});
