import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to SQLite in ./data and ports 8080/8081', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      publicPort: 8080,
      staffPort: 8081,
      host: '127.0.0.1',
      logLevel: 'info',
      dataDir: resolve('data'),
      database: { kind: 'sqlite', file: resolve('data', 'corridor.sqlite') },
    });
  });

  it('uses PostgreSQL when DATABASE_URL is a postgres URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/corridor' });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@127.0.0.1:5432/corridor',
    });
  });

  it.each([
    [{ CORRIDOR_PUBLIC_PORT: 'eighty' }, /CORRIDOR_PUBLIC_PORT must be a port number/],
    [{ CORRIDOR_STAFF_PORT: '70000' }, /CORRIDOR_STAFF_PORT must be a port number/],
    [{ CORRIDOR_STAFF_PORT: '-1' }, /CORRIDOR_STAFF_PORT must be a port number/],
    [{ CORRIDOR_LOG_LEVEL: 'loud' }, /CORRIDOR_LOG_LEVEL must be one of/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL must start with postgres:\/\//],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL must be a URL/],
    [{ CORRIDOR_DATA_DIR: '' }, /CORRIDOR_DATA_DIR must not be empty/],
    [{ CORRIDOR_HOST: 'example.org; rm' }, /CORRIDOR_HOST must be an IP address/],
    [{ CORRIDOR_HOST: 'cafe' }, /CORRIDOR_HOST must be an IP address/],
    [{ CORRIDOR_HOST: '...' }, /CORRIDOR_HOST must be an IP address/],
    [{ CORRIDOR_PUBLIC_PORT: '9000', CORRIDOR_STAFF_PORT: '9000' }, /need different ports/],
    [{ CORRIDOR_STAFF_URL: 'corridor.example.org' }, /CORRIDOR_STAFF_URL must be the address/],
    [{ CORRIDOR_STAFF_URL: 'http://corridor.example.org' }, /plain http only for localhost/],
    [{ CORRIDOR_STAFF_URL: 'https://10.0.0.5' }, /not an IP address/],
    [{ CORRIDOR_STAFF_URL: 'https://corridor.example.org/app' }, /no path/],
    [{ CORRIDOR_CASE_WRITES_PER_MINUTE: '0' }, /CORRIDOR_CASE_WRITES_PER_MINUTE must be a whole/],
    [
      { CORRIDOR_CASE_WRITES_PER_MINUTE: 'many' },
      /CORRIDOR_CASE_WRITES_PER_MINUTE must be a whole/,
    ],
    [{ CORRIDOR_CASE_WRITES_PER_MINUTE: '2.5' }, /CORRIDOR_CASE_WRITES_PER_MINUTE must be a whole/],
    [{ CORRIDOR_HANDOVER_TIMEOUT_MINUTES: '0' }, /CORRIDOR_HANDOVER_TIMEOUT_MINUTES must be/],
    [{ CORRIDOR_HANDOVER_TIMEOUT_MINUTES: '10081' }, /from 1 to 10080/],
    [{ CORRIDOR_HANDOVER_TIMEOUT_MINUTES: 'half an hour' }, /whole number of minutes/],
  ])('rejects %o with a message that says how to fix it', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
  });

  it('keeps the origin of CORRIDOR_STAFF_URL for security keys', () => {
    expect(
      loadConfig({ CORRIDOR_STAFF_URL: 'https://Corridor.Example.org:8443' }).staffOrigin,
    ).toBe('https://corridor.example.org:8443');
    expect(loadConfig({}).staffOrigin).toBeUndefined();
  });

  it('limits case writes per account per minute, 240 unless set', () => {
    expect(loadConfig({}).caseWritesPerMinute).toBe(240);
    expect(loadConfig({ CORRIDOR_CASE_WRITES_PER_MINUTE: '30' }).caseWritesPerMinute).toBe(30);
  });

  it('lets a hand-over wait 30 minutes unless set', () => {
    expect(loadConfig({}).handoverTimeoutMinutes).toBe(30);
    expect(loadConfig({ CORRIDOR_HANDOVER_TIMEOUT_MINUTES: '90' }).handoverTimeoutMinutes).toBe(90);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ CORRIDOR_PUBLIC_PORT: 'x', CORRIDOR_LOG_LEVEL: 'y' })).toThrowError(
      /CORRIDOR_PUBLIC_PORT.*CORRIDOR_LOG_LEVEL/,
    );
  });
});
