import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseKind } from '@corridor/protocol';
import { Kysely, type Migration, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { openSqlite } from './sqlite-dialect.ts';

export interface Storage {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** Name of the newest applied migration, or null before the first. */
  schemaVersion(): Promise<string | null>;
  /** True when a trivial query succeeds. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** The database could not be opened or migrated; the message says what to do. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
}

/**
 * Opens the configured database and checks it answers. Does not migrate: call
 * `migrateToLatest` for that, so tools can open a database without changing it.
 */
export async function openStorage(config: DatabaseConfig): Promise<Storage> {
  if (config.kind === 'sqlite') {
    let opened: ReturnType<typeof openSqlite>;
    try {
      mkdirSync(dirname(config.file), { recursive: true, mode: 0o700 });
      opened = openSqlite(config.file);
    } catch (error) {
      throw new StorageError(
        `Cannot open the SQLite database ${config.file}: ${(error as Error).message}. Check CORRIDOR_DATA_DIR and its permissions.`,
      );
    }
    return makeStorage(new Kysely<Database>({ dialect: opened.dialect }), 'sqlite');
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 10,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const storage = makeStorage(
    new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    'postgres',
  );
  try {
    await sql`select 1`.execute(storage.db);
  } catch (error) {
    await storage.close();
    throw new StorageError(
      `Cannot reach PostgreSQL at ${describePostgresUrl(config.url)}: ${postgresReason(error)}. Check DATABASE_URL and that the server is running.`,
    );
  }
  return storage;
}

function makeStorage(db: Kysely<Database>, kind: DatabaseKind): Storage {
  return {
    db,
    kind,
    async schemaVersion() {
      const known = await createMigrator(db).getMigrations();
      return known.filter((m) => m.executedAt).at(-1)?.name ?? null;
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

function createMigrator(
  db: Kysely<Database>,
  set: Record<string, Migration> = migrations,
): Migrator {
  return new Migrator({
    db: db as Kysely<unknown>,
    provider: { getMigrations: async () => set },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
}

/**
 * Applies every pending migration in one transaction: all of them, or none.
 * Several server instances may start at once on PostgreSQL; Kysely's migration lock
 * makes them take turns.
 */
export async function migrateToLatest(
  storage: Storage,
  set: Record<string, Migration> = migrations,
): Promise<string[]> {
  const { error, results } = await createMigrator(storage.db, set).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = (error as Error).message ?? String(error);
    throw new StorageError(
      failed
        ? `Migration ${failed} failed and was rolled back, leaving the database as it was: ${reason}`
        : `Could not migrate the database (no migration was applied): ${reason}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** host:port/database of a PostgreSQL URL, without the user name or password. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

function postgresReason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ENOTFOUND') return 'host not found';
  if (e.code === '28P01') return 'password authentication failed';
  if (e.code === '3D000') return 'the database does not exist';
  return e.code ?? e.message ?? 'unknown error';
}
