import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBase64, initCrypto, keyFingerprint } from '@corridor/crypto';
import { lockReferralPackage } from '@corridor/vault';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReferral, partnerKeygen } from './referral.ts';

await initCrypto();

const pkg = {
  format: 'corridor-referral/1' as const,
  referralId: 'AAAAAAAAAAAAAAAAAAAAAA',
  from: { organisation: 'The Network', member: 'Timur' },
  to: { partnerId: 'BBBBBBBBBBBBBBBBBBBBBB', name: 'Haven Berlin' },
  createdAt: '2026-11-25T10:00:00.000Z',
  fields: { 'identity.name': 'Aslan' },
  response: { token: 'C'.repeat(43), url: 'https://partners.example.org/referral/x' },
};

describe('partner commands', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'corridor-partner-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('makes a key pair, then opens a package sealed to it', async () => {
    const keyFile = join(dir, 'partner.key');
    const text = await partnerKeygen(keyFile);
    const publicKey = /\n {2}([A-Za-z0-9_-]{43})\n/.exec(text)?.[1] as string;
    expect(JSON.parse(await readFile(keyFile, 'utf8')).publicKey).toBe(publicKey);
    expect(text).toContain(`\n  ${keyFingerprint(fromBase64(publicKey))}`);
    await expect(partnerKeygen(keyFile)).rejects.toThrow(/exists already/);

    const file = join(dir, 'referral.corridor');
    await writeFile(file, lockReferralPackage(pkg, { mode: 'sealed', publicKey }));
    expect(JSON.parse(await openReferral(file, { secretKeyFile: keyFile }))).toEqual(pkg);
    await expect(openReferral(file, { password: 'x' })).rejects.toThrow(/--secret-key-file/);

    const other = join(dir, 'other.key');
    await partnerKeygen(other);
    await expect(openReferral(file, { secretKeyFile: other })).rejects.toThrow(/does not open/);
  });

  it('opens a password package with the password only', async () => {
    const file = join(dir, 'referral.corridor');
    await writeFile(
      file,
      lockReferralPackage(pkg, { mode: 'password', password: 'a long password here' }),
    );
    expect(JSON.parse(await openReferral(file, { password: 'a long password here' }))).toEqual(pkg);
    await expect(openReferral(file, { password: 'a long password there' })).rejects.toThrow(
      /does not open with this password/,
    );
    await writeFile(file, 'hello');
    await expect(openReferral(file, { password: 'x' })).rejects.toThrow(/not a Corridor/);
  });
});
