import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../test-support/free-port.ts';
import { ourLines, runEntryPoint } from '../../../test-support/run-command.ts';

const mainFile = new URL('./main.ts', import.meta.url).pathname;
const runMain = (env: Record<string, string>, untilOutput?: RegExp) =>
  runEntryPoint(mainFile, [], env, untilOutput);

describe('starting from the command line', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'corridor-main-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('starts both listeners on SQLite, prints both URLs, and stops cleanly on SIGTERM', async () => {
    const [publicPort, staffPort] = [await freePort(), await freePort()];
    const outcome = await runMain(
      {
        CORRIDOR_DATA_DIR: dataDir,
        CORRIDOR_PUBLIC_PORT: String(publicPort),
        CORRIDOR_STAFF_PORT: String(staffPort),
      },
      /Press Ctrl\+C/,
    );
    expect(outcome.stdout).toContain(
      `Staff app:     http://localhost:${staffPort}/ (listening on http://127.0.0.1:${staffPort}/)`,
    );
    expect(outcome.stdout).toContain(`Public intake: http://127.0.0.1:${publicPort}/`);
    expect(outcome.code).toBe(0);
    expect(await readdir(dataDir)).toContain('corridor.sqlite');
  });

  it('exits 1 with one line naming a bad variable', async () => {
    const outcome = await runMain({ CORRIDOR_DATA_DIR: dataDir, CORRIDOR_STAFF_PORT: 'abc' });
    expect(outcome.code).toBe(1);
    expect(ourLines(outcome.stderr)).toEqual([
      'corridor: Bad configuration: CORRIDOR_STAFF_PORT must be a port number from 0 to 65535, not "abc"',
    ]);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('exits 1 with one line when the database cannot be reached', async () => {
    const outcome = await runMain({
      CORRIDOR_DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://corridor:pw-not-shown@127.0.0.1:1/corridor',
    });
    expect(outcome.code).toBe(1);
    expect(ourLines(outcome.stderr)).toEqual([
      'corridor: Cannot reach PostgreSQL at 127.0.0.1:1/corridor: connection refused. Check DATABASE_URL and that the server is running.',
    ]);
  });

  describe('when a port is taken', () => {
    let blocker: Server;
    let port: number;
    beforeEach(async () => {
      port = await freePort();
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    });
    afterEach(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

    it('exits 1 with one line naming the port variable', async () => {
      const outcome = await runMain({
        CORRIDOR_DATA_DIR: dataDir,
        CORRIDOR_PUBLIC_PORT: String(port),
        CORRIDOR_STAFF_PORT: String(await freePort()),
      });
      expect(outcome.code).toBe(1);
      expect(ourLines(outcome.stderr)).toEqual([
        `corridor: Port ${port} (CORRIDOR_PUBLIC_PORT) is already in use by another program: stop it, or set CORRIDOR_PUBLIC_PORT to a free port.`,
      ]);
    });
  });

  it('refuses, in production, a data directory that holds the demo organisation', async () => {
    const file = join(dataDir, 'corridor.sqlite');
    const first = await runMain(
      {
        CORRIDOR_DATA_DIR: dataDir,
        CORRIDOR_PUBLIC_PORT: String(await freePort()),
        CORRIDOR_STAFF_PORT: String(await freePort()),
      },
      /Press Ctrl\+C/,
    );
    expect(first.code).toBe(0);
    const db = new BetterSqlite3(file);
    db.exec('update organisation set demo = 1');
    db.close();
    const outcome = await runMain({
      CORRIDOR_DATA_DIR: dataDir,
      CORRIDOR_PUBLIC_PORT: String(await freePort()),
      CORRIDOR_STAFF_PORT: String(await freePort()),
    });
    expect(outcome.code).toBe(1);
    expect(ourLines(outcome.stderr)).toHaveLength(1);
    expect(ourLines(outcome.stderr)[0]).toMatch(
      /holds the demo organisation made by `npm start`; production refuses/,
    );
  });

  it('exits 1 when a migration fails, and leaves the data as it was', async () => {
    // A database someone already put a table of ours into, by hand: migration 0001 cannot run.
    const file = join(dataDir, 'corridor.sqlite');
    const existing = new BetterSqlite3(file);
    existing.exec(
      "create table organisation (keep text); insert into organisation values ('precious')",
    );
    existing.close();

    const outcome = await runMain({
      CORRIDOR_DATA_DIR: dataDir,
      CORRIDOR_PUBLIC_PORT: String(await freePort()),
      CORRIDOR_STAFF_PORT: String(await freePort()),
    });
    expect(outcome.code).toBe(1);
    const lines = ourLines(outcome.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^corridor: Migration 0001-organisation failed and was rolled back, leaving the database as it was: /,
    );

    const after = new BetterSqlite3(file, { readonly: true });
    expect(after.prepare('select keep from organisation').all()).toEqual([{ keep: 'precious' }]);
    const migrated = after
      .prepare("select count(*) as n from sqlite_master where name = 'schema_migration'")
      .get() as { n: number };
    after.close();
    // Kysely creates its bookkeeping tables before migrating; no migration is recorded in them.
    if (migrated.n > 0) {
      const again = new BetterSqlite3(file, { readonly: true });
      expect(again.prepare('select count(*) as n from schema_migration').get()).toEqual({ n: 0 });
      again.close();
    }
  });
});
