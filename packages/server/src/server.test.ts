import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthSchema } from '@corridor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../../test-support/test-database.ts';
import type { Config } from './config/config.ts';
import { createLogger } from './logging/logger.ts';
import { type RunningServer, startServer } from './server.ts';

describe.each(databaseKinds)('the server on %s', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let webDistDir: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    webDistDir = await mkdtemp(join(tmpdir(), 'corridor-web-missing-'));
    const config: Config = {
      dataDir: database.dataDir,
      host: '127.0.0.1',
      publicPort: 0,
      staffPort: 0,
      logLevel: 'silent',
      database: database.config,
      secretsFile: join(database.dataDir, 'server-secrets.json'),
      staffOrigin: undefined,
    };
    server = await startServer(config, { logger: createLogger('silent'), webDistDir });
  });

  afterAll(async () => {
    await server?.close();
    await database.dispose();
    await rm(webDistDir, { recursive: true, force: true });
  });

  it('answers GET /healthz on the staff listener with the database state', async () => {
    const response = await fetch(new URL('/healthz', server.staffUrl));
    expect(response.status).toBe(200);
    const health = HealthSchema.parse(await response.json());
    expect(health).toMatchObject({
      status: 'ok',
      listener: 'staff',
      database: { kind, reachable: true },
    });
    expect(health.database?.schemaVersion).toMatch(/^\d{4}-/);
  });

  it('answers GET /healthz on the public listener without version or database details', async () => {
    const response = await fetch(new URL('/healthz', server.publicUrl));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      service: 'corridor',
      listener: 'public',
    });
  });

  it('serves the public intake page without inline scripts under a strict CSP', async () => {
    const response = await fetch(server.publicUrl);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('set-cookie')).toBeNull();
    const html = await response.text();
    // At most our own file, never inline code.
    expect(html.replace('<script src="/intake.js" defer></script>', '')).not.toMatch(/<script/i);
    expect(html).toContain('<html lang="en">');
    expect(Buffer.byteLength(html)).toBeLessThan(15 * 1024);
  });

  it('speaks Russian to a Russian browser, and when asked', async () => {
    const byHeader = await fetch(server.publicUrl, {
      headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' },
    });
    expect(await byHeader.text()).toContain('<html lang="ru">');
    const bySwitch = await fetch(new URL('/?lang=ru', server.publicUrl));
    expect(await bySwitch.text()).toContain('Быстрый выход');
  });

  it('answers unknown public paths with a plain page, and unknown API paths with JSON', async () => {
    const page = await fetch(new URL('/no-such-page', server.publicUrl));
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('This page does not exist.');

    const api = await fetch(new URL('/api/no-such-thing', server.staffUrl));
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('keeps the staff API off the public listener', async () => {
    const response = await fetch(new URL('/api/no-such-thing', server.publicUrl));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
  });

  it('limits login attempts per client address, in memory only', async () => {
    const attempt = () =>
      fetch(new URL('/api/auth/login/start', server.staffUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 60).every((status) => status === 400)).toBe(true);
    expect(statuses[60]).toBe(429);
    expect(await (await attempt()).json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('says plainly when the web app has not been built', async () => {
    const response = await fetch(server.staffUrl);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build -w @corridor/web');
  });
});
