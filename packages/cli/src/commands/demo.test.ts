import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test-support/free-port.ts';
import { ourLines, runEntryPoint } from '../../../../test-support/run-command.ts';

const cli = new URL('../main.ts', import.meta.url).pathname;

describe('npm start: the demo organisation', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'corridor-demo-'));
    env = {
      CORRIDOR_DATA_DIR: dataDir,
      CORRIDOR_PUBLIC_PORT: String(await freePort()),
      CORRIDOR_STAFF_PORT: String(await freePort()),
    };
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('seeds an empty data directory with one member per role and prints how to log in', async () => {
    const outcome = await runEntryPoint(cli, ['demo'], env, /Press Ctrl\+C/);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('DEMO ORGANISATION');
    for (const handle of [
      'admin',
      'hotline',
      'coordinator',
      'shelter',
      'documentation',
      'analyst',
    ]) {
      expect(outcome.stdout).toMatch(new RegExp(`\\n${handle} +`));
    }
    expect(outcome.stdout).toMatch(/password: +demo-/);
    expect(outcome.stdout).toContain('It holds 27 synthetic cases in Russian and English');
    const credentials = join(dataDir, 'DEMO-CREDENTIALS.txt');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(readFileSync(credentials, 'utf8')).toContain('TOTP secret:');
  }, 60_000);

  it('prints the same credentials again on the next start, without seeding twice', async () => {
    const before = readFileSync(join(dataDir, 'DEMO-CREDENTIALS.txt'), 'utf8');
    const outcome = await runEntryPoint(cli, ['demo'], env, /Press Ctrl\+C/);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain(before.split('\n')[9] ?? 'missing');
    expect(readFileSync(join(dataDir, 'DEMO-CREDENTIALS.txt'), 'utf8')).toBe(before);
  }, 60_000);

  it('is refused by production (`npm run serve`) and by `corridor init`', async () => {
    const serve = await runEntryPoint(
      new URL('../../../server/src/main.ts', import.meta.url).pathname,
      [],
      env,
    );
    expect(serve.code).toBe(1);
    expect(ourLines(serve.stderr)[0]).toMatch(/demo organisation/);
    const init = await runEntryPoint(cli, ['init'], env);
    expect(init.code).toBe(1);
    expect(ourLines(init.stderr)[0]).toMatch(/demo organisation/);
  }, 60_000);
});
