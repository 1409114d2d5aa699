// bench:storage — what our storage layer costs over the bare driver: one durable
// (autocommit, synchronous=FULL) insert and one point read through Kysely on our
// hardened SQLite, against the same statements prepared directly on better-sqlite3
// over the same connection.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openStorage } from '@corridor/server';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { compare, report } from '../lib/harness.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'corridor-bench-'));
const file = join(dataDir, 'corridor.sqlite');
const storage = await openStorage({ kind: 'sqlite', file });
await migrateToLatest(storage);
// A table of its own with the shape of our rows (text id, ISO time), so the benchmark
// depends on no feature's schema.
await sql`create table bench_row (id text primary key, created_at text not null)`.execute(
  storage.db,
);
const db = storage.db.withTables<{ bench_row: { id: string; created_at: string } }>();
// A second handle on the same file, with the same durability, for the baseline.
const raw = new BetterSqlite3(file);
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = FULL');
const insertRaw = raw.prepare('insert into bench_row (id, created_at) values (?, ?)');
const selectRaw = raw.prepare('select id, created_at from bench_row where id = ?');

let n = 0;
const now = new Date().toISOString();
const writes = await compare(
  {
    name: 'kysely-insert',
    run: async () => {
      await db
        .insertInto('bench_row')
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
      await db.selectFrom('bench_row').selectAll().where('id', '=', 'k1').executeTakeFirst();
    },
  },
  { name: 'raw-select', run: () => void selectRaw.get('k1') },
  { operationsPerRound: 5000, rounds: 7 },
);
report('storage', reads, { database: 'sqlite', insert_ratio: Number(writes.ratio.toFixed(3)) });

raw.close();
await storage.close();
await rm(dataDir, { recursive: true, force: true });
