// Check-in by word against the database alone, on SQLite and PostgreSQL: the attempt
// limit under a burst of parallel requests, and a word racing a member who closes its
// check-in.
// Every query of the burst is slowed down, so without the count and the record in one
// locked transaction each request would count the attempts before any recorded its own.
import { checkinWordDigest, checkinWordSalt, initCrypto } from '@corridor/crypto';
import type { UnknownRow } from 'kysely';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slowQueries } from '../../../../test-support/slow-queries.ts';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../../../test-support/test-database.ts';
import { migrateToLatest, openStorage, type Storage } from '../storage/storage.ts';
import { insertAccountRow, insertCaseRow } from '../testing/storage-rows.ts';
import { checkInByWord, maxWordAttempts, storedWordSalt } from './word-checkin.ts';

const at = '2026-11-25T12:00:00.000Z';
const conversationId = 'conversation-1';
const parallel = 20;

describe.each(databaseKinds)('check-in word attempts on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;

  beforeAll(async () => {
    await initCrypto();
  });

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    storage = await openStorage(database.config);
    await migrateToLatest(storage);
    await storage.db
      .insertInto('intake_conversation')
      .values({
        id: conversationId,
        channel: 'web',
        status: 'new',
        created_at: at,
        last_message_at: at,
      } as never)
      .execute();
  });

  afterEach(async () => {
    await storage.close();
    await database.dispose();
  });

  it(`considers at most ${maxWordAttempts} of ${parallel} parallel attempts`, async () => {
    const slow = storage.db.withPlugin(slowQueries(5));
    const answers = await Promise.all(
      Array.from({ length: parallel }, (_, i) =>
        checkInByWord(slow, conversationId, `guess ${i}`, at),
      ),
    );
    const considered = answers.filter((a) => a !== 'rate_limited');
    expect(considered).toHaveLength(maxWordAttempts);
    expect(considered.every((a) => a === 'not_recognised')).toBe(true);
    const recorded = await storage.db
      .selectFrom('checkin_word_attempt')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .execute();
    expect(recorded).toHaveLength(maxWordAttempts);
  });

  it('answers a right word whose check-in a member closed at that moment as checked in', async () => {
    await insertAccountRow(storage.db, { id: 'nadia', at });
    await insertCaseRow(storage.db, {
      id: 'case-1',
      at,
      createdBy: 'nadia',
      stage: 'evacuation',
      riskLevel: 3,
      verification: 'verified',
    });
    const salt = checkinWordSalt();
    await storage.db
      .insertInto('checkin')
      .values({
        id: 'checkin-1',
        case_id: 'case-1',
        purpose: 'arrival',
        due_at: at,
        grace_minutes: 30,
        deadline: '2026-11-25T12:30:00.000Z',
        ladder: '[]',
        conversation_id: conversationId,
        word_salt: storedWordSalt({ salt, kdf: 'argon2id-v1' }),
        safe_digest: checkinWordDigest(salt, 'otter'),
        duress_digest: checkinWordDigest(salt, 'heron'),
        status: 'pending',
        scheduled_seq: 2,
        scheduled_by: 'nadia',
        created_at: at,
        recorded_at: null,
      })
      .execute();
    // A member cancels it between the word's read of the open check-ins and its claim:
    // the read is played back as it was before the cancellation (a stale read, as one
    // racing the cancellation would see), the claim then finds it closed.
    const before = await storage.db
      .selectFrom('checkin')
      .selectAll()
      .where('id', '=', 'checkin-1')
      .execute();
    await storage.db
      .updateTable('checkin')
      .set({ status: 'cancelled', recorded_at: at })
      .where('id', '=', 'checkin-1')
      .execute();
    const openReads = new Set<unknown>();
    let closed = false;
    const racing = storage.db.withPlugin({
      transformQuery: (args) => {
        const text = JSON.stringify(args.node);
        if (args.node.kind === 'SelectQueryNode' && text.includes('"word_salt"')) {
          if (text.includes('"checkin"') && !text.includes('intake_conversation'))
            openReads.add(args.queryId);
        }
        return args.node;
      },
      transformResult: async (args) => {
        if (!openReads.has(args.queryId)) return args.result;
        closed = true;
        return { ...args.result, rows: before as UnknownRow[] };
      },
    });
    expect(await checkInByWord(racing, conversationId, 'Otter', at)).toBe('checked_in');
    expect(closed).toBe(true);
    expect(await checkInByWord(storage.db, conversationId, 'lilac', at)).toBe('not_recognised');
    const row = await storage.db
      .selectFrom('checkin')
      .select('status')
      .where('id', '=', 'checkin-1')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
  });
});
