import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from './init.ts';
import { keyFingerprint } from './key-fingerprint.ts';

describe('keyFingerprint', () => {
  beforeAll(() => initCrypto());

  it('gives six groups of four hex digits, the same for the same key and another for another', () => {
    const key = new Uint8Array(32).fill(7);
    const print = keyFingerprint(key);
    expect(print).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){5}$/);
    expect(keyFingerprint(new Uint8Array(32).fill(7))).toBe(print);
    const other = new Uint8Array(32).fill(7);
    other[31] = 8;
    expect(keyFingerprint(other)).not.toBe(print);
  });
});
