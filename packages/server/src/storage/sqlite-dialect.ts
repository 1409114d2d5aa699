import { closeSync, openSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { type DialectAdapter, SqliteAdapter, SqliteDialect } from 'kysely';

/**
 * SQLite can run DDL inside a transaction, but Kysely's adapter says it cannot, so its
 * migrator would leave a half-applied migration behind. Saying so lets a failed
 * migration roll back whole, as it does on PostgreSQL.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

/**
 * The pragmas every connection runs with (GlobaLeaks' hardening, plus durability):
 * WAL with synchronous=FULL so an acknowledged write survives a power cut,
 * secure_delete so deleted ciphertext is overwritten, trusted_schema=OFF so a
 * tampered schema cannot call functions. Values are as `PRAGMA x` reads them back.
 */
export const sqlitePragmas = {
  journal_mode: 'wal',
  synchronous: 2, // FULL
  foreign_keys: 1,
  secure_delete: 1,
  trusted_schema: 0,
  busy_timeout: 5000,
} as const;

/**
 * Opens (creating if needed, readable by the owner only) the database file and applies
 * the pragmas, reading each back: a build of SQLite that ignored one must not run.
 */
export function openSqlite(file: string): { dialect: SqliteDialect; raw: BetterSqlite3.Database } {
  // SQLite gives the -wal and -shm files the main file's permissions.
  closeSync(openSync(file, 'a', 0o600));
  const raw = new BetterSqlite3(file);
  for (const [name, value] of Object.entries(sqlitePragmas)) {
    raw.pragma(`${name} = ${value}`);
    const actual = raw.pragma(name, { simple: true });
    if (actual !== value) {
      raw.close();
      throw new Error(`SQLite did not apply ${name} = ${value} (it reads ${String(actual)})`);
    }
  }
  return { dialect: new TransactionalSqliteDialect({ database: raw }), raw };
}
