import { describe, expect, it } from 'vitest';
import { initCrypto } from './init.ts';
import { errorCode } from './testing.ts';
import { deriveSubkey, keyedTokenDigest, tokenDigest } from './token-digest.ts';
import { generateTotpSecret, totpCode, totpUri, verifyTotp } from './totp.ts';

await initCrypto();

describe('TOTP', () => {
  const secret = generateTotpSecret();
  const now = 1_800_000_000;

  it('accepts the current code and one step either side, and says which step', async () => {
    const step = Math.floor(now / 30);
    expect(await verifyTotp(secret, await totpCode(secret, now), null, now)).toBe(step);
    expect(await verifyTotp(secret, await totpCode(secret, now - 30), null, now)).toBe(step - 1);
    expect(await verifyTotp(secret, await totpCode(secret, now + 30), null, now)).toBe(step + 1);
    expect(await verifyTotp(secret, await totpCode(secret, now - 90), null, now)).toBeNull();
  });

  it('refuses a replayed code', async () => {
    const code = await totpCode(secret, now);
    const step = await verifyTotp(secret, code, null, now);
    expect(await verifyTotp(secret, code, step, now)).toBeNull();
  });

  it('refuses anything but six digits', async () => {
    await expect(verifyTotp(secret, '12345', null)).rejects.toMatchObject({ code: 'malformed' });
    await expect(verifyTotp(secret, '12345a', null)).rejects.toMatchObject({ code: 'malformed' });
  });

  it('makes a 160-bit base32 secret and an otpauth URI', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri(secret, 'Corridor', 'coordinator-7')).toMatch(
      /^otpauth:\/\/totp\/Corridor:coordinator-7\?/,
    );
  });
});

describe('token digests', () => {
  it('are stable, purpose-bound and not the token', () => {
    expect(tokenDigest('session', 'abc')).toBe(tokenDigest('session', 'abc'));
    expect(tokenDigest('session', 'abc')).not.toBe(tokenDigest('invitation', 'abc'));
    expect(tokenDigest('session', 'abc')).not.toContain('abc');
    expect(errorCode(() => tokenDigest('session', '\uDC00'))).toBe('malformed');
  });
});

describe('keyed token digests and subkeys', () => {
  it('depend on the key, and derive independent subkeys', () => {
    const master = new Uint8Array(32).fill(3);
    const a = deriveSubkey(master, 'digests_');
    expect(a).toHaveLength(32);
    expect(deriveSubkey(master, 'digests_')).toEqual(a);
    expect(deriveSubkey(master, 'other___')).not.toEqual(a);
    expect(keyedTokenDigest(a, 'backup-code', 'ABCD')).toBe(
      keyedTokenDigest(a, 'backup-code', 'ABCD'),
    );
    expect(keyedTokenDigest(a, 'backup-code', 'ABCD')).not.toBe(
      keyedTokenDigest(deriveSubkey(master, 'other___'), 'backup-code', 'ABCD'),
    );
    expect(keyedTokenDigest(a, 'backup-code', 'ABCD')).not.toBe(tokenDigest('backup-code', 'ABCD'));
    expect(errorCode(() => keyedTokenDigest(new Uint8Array(5), 'x', 'y'))).toBe('invalid_key');
    expect(errorCode(() => deriveSubkey(new Uint8Array(5), 'digests_'))).toBe('invalid_key');
    expect(() => deriveSubkey(master, 'short')).toThrowError(RangeError);
  });
});
