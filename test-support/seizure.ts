// What someone who seizes the server gets: every file of the data directory (the SQLite
// database with its WAL, blobs, the log), and for PostgreSQL the database's own heap
// files and the write-ahead log, after a checkpoint puts everything on disk.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { TestDatabase } from './test-database.ts';
import './provided-context.ts';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function postgresFiles(url: string): Promise<string[]> {
  const client = new pg.Client(inject('postgresAdminUrl'));
  await client.connect();
  try {
    await client.query('checkpoint');
    const dataDir = (
      await client.query<{ d: string }>("select current_setting('data_directory') as d")
    ).rows[0]?.d;
    const name = new URL(url).pathname.slice(1);
    const oid = (
      await client.query<{ oid: number }>('select oid from pg_database where datname = $1', [name])
    ).rows[0]?.oid;
    if (!dataDir || oid === undefined) throw new Error('cannot find the database files');
    return [
      ...(await filesUnder(join(dataDir, 'base', String(oid)))),
      ...(await filesUnder(join(dataDir, 'pg_wal'))),
    ];
  } finally {
    await client.end();
  }
}

/**
 * Searches every byte a seizure would give up for each secret, as UTF-8 and UTF-16
 * (how SQLite and PostgreSQL may store text), or as the bytes given (binary secrets:
 * a file's content, an EXIF GPS block). Returns the secrets found (none, we hope) and
 * how many bytes were searched.
 */
export async function searchSeizedData<S extends string | Uint8Array>(
  database: TestDatabase,
  secrets: readonly S[],
): Promise<{ found: S[]; bytes: number }> {
  const files = [...(await filesUnder(database.dataDir))];
  if (database.config.kind === 'postgres')
    files.push(...(await postgresFiles(database.config.url)));
  const found = new Set<S>();
  let bytes = 0;
  for (const file of files) {
    const content = await readFile(file).catch(() => Buffer.alloc(0));
    bytes += content.length;
    for (const secret of secrets) {
      if (
        typeof secret === 'string'
          ? content.includes(Buffer.from(secret, 'utf8')) ||
            content.includes(Buffer.from(secret, 'utf16le'))
          : content.includes(Buffer.from(secret))
      ) {
        found.add(secret);
      }
    }
  }
  return { found: [...found], bytes };
}
