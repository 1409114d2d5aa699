import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../../../test-support/test-database.ts';
import { migrateToLatest, openStorage, type Storage } from '../storage/storage.ts';
import {
  clearSuspectedContact,
  markSuspectedContact,
  suspectedContactMark,
} from './infiltrator-marks.ts';

describe.each(databaseKinds)('suspected-infiltrator marks on %s', (kind) => {
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

  it('marks a blind index, finds it again for the next contact, and lifts it', async () => {
    const db = storage.db;
    const at = '2026-11-25T10:00:00.000Z';
    expect(await suspectedContactMark(db, 'blind-1')).toBeNull();
    await markSuspectedContact(db, { blindIndex: 'blind-1', caseId: 'case-x', markedBy: 'a', at });
    // Marked again from another case: the newest names the case to look at.
    await markSuspectedContact(db, { blindIndex: 'blind-1', caseId: 'case-y', markedBy: 'b', at });
    expect(await suspectedContactMark(db, 'blind-1')).toEqual({
      caseId: 'case-y',
      markedBy: 'b',
      markedAt: at,
    });
    expect(await suspectedContactMark(db, 'blind-2')).toBeNull();
    expect(await clearSuspectedContact(db, 'blind-1')).toBe(true);
    expect(await suspectedContactMark(db, 'blind-1')).toBeNull();
    expect(await clearSuspectedContact(db, 'blind-1')).toBe(false);
  });
});
