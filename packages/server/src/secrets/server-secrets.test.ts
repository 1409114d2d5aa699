import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCrypto } from '@corridor/crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadServerSecrets,
  openServerValue,
  SecretsError,
  sealServerValue,
} from './server-secrets.ts';

await initCrypto();

describe('server secrets', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'corridor-secrets-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('are created once, readable by the owner only, and read back the same', () => {
    const file = join(dir, 'nested', 'server-secrets.json');
    const first = loadServerSecrets(file, true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadServerSecrets(file, false);
    expect(again.opaqueServerSetup).toBe(first.opaqueServerSetup);
    expect(again.sealingKey).toEqual(first.sealingKey);
  });

  it('are never silently replaced when accounts depend on them', () => {
    expect(() => loadServerSecrets(join(dir, 'missing.json'), false)).toThrowError(SecretsError);
    expect(() => loadServerSecrets(join(dir, 'missing.json'), false)).toThrowError(
      /restore the file from your backup/,
    );
  });

  it('refuse a damaged file', async () => {
    const file = join(dir, 'server-secrets.json');
    await writeFile(file, '{"version":1}');
    expect(() => loadServerSecrets(file, true)).toThrowError(/is not valid/);
  });

  it('seal values bound to their owner and kind', () => {
    const secrets = loadServerSecrets(join(dir, 's.json'), true);
    const sealed = sealServerValue(secrets, 'totp', 'acct-1', 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openServerValue(secrets, 'totp', 'acct-1', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openServerValue(secrets, 'totp', 'acct-2', sealed)).toThrowError();
    expect(() => openServerValue(secrets, 'login-state', 'acct-1', sealed)).toThrowError();
  });
});
