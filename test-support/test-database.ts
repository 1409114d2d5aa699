import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import './provided-context.ts';

export const databaseKinds = ['sqlite', 'postgres'] as const;
export type TestDatabaseKind = (typeof databaseKinds)[number];

export type TestDatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

export interface TestDatabase {
  readonly config: TestDatabaseConfig;
  /** A directory of its own, for data files of the test. */
  readonly dataDir: string;
  dispose(): Promise<void>;
}

/**
 * A new, empty database of the given kind: an SQLite file in a temporary directory, or
 * a new database on the PostgreSQL server the test run started.
 */
let databaseCount = 0;

export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'corridor-test-'));
  if (kind === 'sqlite') {
    return {
      config: { kind, file: join(dataDir, 'corridor.sqlite') },
      dataDir,
      dispose: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const adminUrl = inject('postgresAdminUrl');
  const name = `corridor_test_${process.pid}_${Date.now()}_${++databaseCount}`;
  await withAdmin(adminUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind, url: url.toString() },
    dataDir,
    async dispose() {
      await withAdmin(adminUrl, (client) =>
        client.query(`drop database if exists "${name}" with (force)`),
      );
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
