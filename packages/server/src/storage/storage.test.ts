import { statSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../../../test-support/test-database.ts';
import { migrations } from './migrations/index.ts';
import { sqlitePragmas } from './sqlite-dialect.ts';
import {
  describePostgresUrl,
  migrateToLatest,
  openStorage,
  type Storage,
  StorageError,
} from './storage.ts';

describe.each(databaseKinds)('storage on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    storage = await openStorage(database.config);
  });

  afterEach(async () => {
    await storage.close();
    await database.dispose();
  });

  it('applies every migration once, in order, and then nothing more', async () => {
    expect(await storage.schemaVersion()).toBeNull();
    expect(await migrateToLatest(storage)).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(storage)).toEqual([]);
    expect(await storage.schemaVersion()).toBe(Object.keys(migrations).at(-1));
  });

  it('runs the same query code for writes and reads', async () => {
    await migrateToLatest(storage);
    const createdAt = '2026-11-25T12:00:00.000Z';
    await storage.db
      .insertInto('organisation')
      .values({ id: 'org-1', created_at: createdAt })
      .execute();
    const row = await storage.db.selectFrom('organisation').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual({ id: 'org-1', singleton: 1, created_at: createdAt, demo: 0 });
  });

  it('rolls back a failed migration whole, leaving data and schema as they were', async () => {
    await migrateToLatest(storage);
    await storage.db.insertInto('organisation').values({ id: 'kept', created_at: 'x' }).execute();
    const failing = {
      ...migrations,
      '9000-adds-a-table': {
        up: async (db: Kysely<unknown>) => {
          await db.schema.createTable('half_done').addColumn('id', 'text').execute();
        },
      },
      '9001-fails': {
        up: async (db: Kysely<unknown>) => {
          await sql`update organisation set created_at = 'changed'`.execute(db);
          await sql`select * from no_such_table`.execute(db);
        },
      },
    };
    await expect(migrateToLatest(storage, failing)).rejects.toThrowError(
      /Migration 9001-fails failed and was rolled back/,
    );
    const rows = await storage.db.selectFrom('organisation').select(['id', 'created_at']).execute();
    expect(rows).toEqual([{ id: 'kept', created_at: 'x' }]);
    const tables = await sql<{ n: number }>`select count(*) as n from ${sql.raw(
      kind === 'sqlite'
        ? 'sqlite_master where name = '
        : 'information_schema.tables where table_name = ',
    )}${'half_done'}`.execute(storage.db);
    expect(Number(tables.rows[0]?.n)).toBe(0);
    expect(await storage.schemaVersion()).toBe(Object.keys(migrations).at(-1));
  });

  it('holds exactly one organisation row', async () => {
    await migrateToLatest(storage);
    await storage.db.insertInto('organisation').values({ id: 'a', created_at: 'x' }).execute();
    await expect(
      storage.db.insertInto('organisation').values({ id: 'b', created_at: 'x' }).execute(),
    ).rejects.toThrow();
  });

  it('answers ping while open', async () => {
    expect(await storage.ping()).toBe(true);
  });
});

describe('SQLite hardening', () => {
  it('creates the database file readable by its owner only', async () => {
    const database = await createTestDatabase('sqlite');
    const storage = await openStorage(database.config);
    try {
      if (database.config.kind !== 'sqlite') throw new Error('unreachable');
      expect(statSync(database.config.file).mode & 0o777).toBe(0o600);
    } finally {
      await storage.close();
      await database.dispose();
    }
  });

  it('opens every connection with WAL, synchronous=FULL, foreign keys, secure_delete and trusted_schema off', async () => {
    const database = await createTestDatabase('sqlite');
    const storage = await openStorage(database.config);
    try {
      for (const [name, expected] of Object.entries(sqlitePragmas)) {
        const result = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(
          storage.db,
        );
        expect(Object.values(result.rows[0] ?? {})[0], name).toBe(expected);
      }
    } finally {
      await storage.close();
      await database.dispose();
    }
  });
});

describe('opening a database that cannot be reached', () => {
  it('says which PostgreSQL server failed, without its password', async () => {
    const url = 'postgres://corridor:hunter2-secret@127.0.0.1:1/corridor';
    const failure = openStorage({ kind: 'postgres', url });
    await expect(failure).rejects.toThrowError(StorageError);
    await expect(failure).rejects.toThrowError(
      'Cannot reach PostgreSQL at 127.0.0.1:1/corridor: connection refused. Check DATABASE_URL and that the server is running.',
    );
    await failure.catch((error: Error) => expect(error.message).not.toContain('hunter2'));
  });

  it('names an SQLite file it cannot create', async () => {
    await expect(
      openStorage({ kind: 'sqlite', file: '/etc/hostname/inside-a-file/corridor.sqlite' }),
    ).rejects.toThrowError(/CORRIDOR_DATA_DIR/);
  });

  it('describes a PostgreSQL URL without credentials', () => {
    expect(describePostgresUrl('postgres://u:p@db.internal/corridor')).toBe(
      'db.internal:5432/corridor',
    );
  });
});
