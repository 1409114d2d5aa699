import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { init } from './init.ts';
import { migrate } from './migrate.ts';
import { showConfig } from './show-config.ts';

describe('the admin commands', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'corridor-cli-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('migrates a new SQLite database, then finds it up to date', async () => {
    const env = { CORRIDOR_DATA_DIR: dataDir };
    expect(await migrate(env)).toMatch(/^Applied \d+ migration\(s\): 0001-organisation/);
    expect(await migrate(env)).toBe('The database is up to date.');
  });

  it('initialises production: secrets file and a single invitation for the first administrator', async () => {
    const text = await init({ CORRIDOR_DATA_DIR: dataDir });
    expect(text).toMatch(
      /Invitation for the first administrator \(single use, shown once\):\n {2}[A-Za-z0-9_-]{43}\n/,
    );
    expect(text).toContain(join(dataDir, 'server-secrets.json'));
  });

  it('shows the configuration without the database password', () => {
    const text = showConfig({ DATABASE_URL: 'postgres://corridor:s3cret@db:5432/corridor' });
    expect(text).toContain('PostgreSQL, db:5432/corridor');
    expect(text).not.toContain('s3cret');
  });

  it('shows the limit on case writes, the default or as set', () => {
    expect(showConfig({})).toContain('case writes:     240 per account per minute');
    expect(showConfig({ CORRIDOR_CASE_WRITES_PER_MINUTE: '1000' })).toContain(
      'case writes:     1000 per account per minute',
    );
  });
});
