// bench:storage — what our storage layer costs over the bare driver: one durable
// (autocommit, synchronous=FULL) insert and one point read through Kysely on our
// hardened SQLite, against the same statements prepared directly on better-sqlite3
// over the same connection.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openStorage } from '@corridor/server';
import BetterSqlite3 from 'better-sqlite3';
import { compare, report } from '../lib/harness.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'corridor-bench-'));
const file = join(dataDir, 'corridor.sqlite');
const storage = await openStorage({ kind: 'sqlite', file });
await migrateToLatest(storage);
// A second handle on the same file, with the same durability, for the baseline.
const raw = new BetterSqlite3(file);
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = FULL');
const insertRaw = raw.prepare('insert into organisation (id, created_at) values (?, ?)');
const selectRaw = raw.prepare('select id, created_at from organisation where id = ?');

let n = 0;
const now = new Date().toISOString();
const writes = await compare(
  {
    name: 'kysely-insert',
    run: async () => {
      await storage.db
        .insertInto('organisation')
        .values({ id: `k${n++}`, created_at: now })
        .execute();
    },
  },
  { name: 'raw-insert', run: () => void insertRaw.run(`r${n++}`, now) },
  { operationsPerRound: 200, rounds: 7 },
);
report('storage-insert', writes, { database: 'sqlite', durability: 'synchronous=FULL' });

const reads = await compare(
  {
    name: 'kysely-select',
    run: async () => {
      await storage.db
        .selectFrom('organisation')
        .selectAll()
        .where('id', '=', 'k1')
        .executeTakeFirst();
    },
  },
  { name: 'raw-select', run: () => void selectRaw.get('k1') },
  { operationsPerRound: 5000, rounds: 7 },
);
report('storage', reads, { database: 'sqlite', insert_ratio: Number(writes.ratio.toFixed(3)) });

raw.close();
await storage.close();
await rm(dataDir, { recursive: true, force: true });
