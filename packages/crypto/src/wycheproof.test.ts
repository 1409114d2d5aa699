// Runs the Wycheproof vectors (C2SP/wycheproof, shared/testdata/wycheproof) against
// this package's own AEAD and Ed25519 code, and against the X25519 call that sealed
// boxes rest on: every valid case must pass, every invalid one must be rejected.
import { readFileSync } from 'node:fs';
import sodium from 'libsodium-wrappers-sumo';
import { describe, expect, it } from 'vitest';
import { aeadDecrypt, aeadEncrypt } from './aead.ts';
import { concatBytes, fromHex, toHex } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { initCrypto } from './init.ts';
import { ed25519Verify } from './signatures.ts';

await initCrypto();

interface Suite<T> {
  numberOfTests: number;
  testGroups: {
    tests: (T & { tcId: number; result: 'valid' | 'invalid' | 'acceptable'; comment: string })[];
  }[];
}

function load<T>(name: string): Suite<T> {
  const url = new URL(`../../../../shared/testdata/wycheproof/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Suite<T>;
}

function cases<T>(suite: Suite<T>) {
  const all = suite.testGroups.flatMap((g) => g.tests);
  expect(all).toHaveLength(suite.numberOfTests);
  return all;
}

describe('Wycheproof XChaCha20-Poly1305', () => {
  const suite = load<{
    key: string;
    iv: string;
    aad: string;
    msg: string;
    ct: string;
    tag: string;
  }>('xchacha20_poly1305_test.json');
  const all = cases(suite);

  it(`passes every valid case and rejects every invalid one (${all.length} cases)`, () => {
    let valid = 0;
    let invalid = 0;
    for (const t of all) {
      const [key, iv, aad, msg] = [fromHex(t.key), fromHex(t.iv), fromHex(t.aad), fromHex(t.msg)];
      const sealed = concatBytes(fromHex(t.ct), fromHex(t.tag));
      if (t.result === 'valid') {
        expect(toHex(aeadEncrypt(key, iv, msg, aad)), `tcId ${t.tcId}`).toBe(t.ct + t.tag);
        expect(toHex(aeadDecrypt(key, iv, sealed, aad)), `tcId ${t.tcId}`).toBe(t.msg);
        valid++;
      } else {
        expect(() => aeadDecrypt(key, iv, sealed, aad), `tcId ${t.tcId} ${t.comment}`).toThrowError(
          CryptoError,
        );
        invalid++;
      }
    }
    expect(valid).toBe(246);
    expect(invalid).toBe(69);
  });
});

describe('Wycheproof X25519', () => {
  const suite = load<{ public: string; private: string; shared: string }>('x25519_test.json');
  const all = cases(suite);

  it(`computes every valid shared secret and never a wrong one (${all.length} cases)`, () => {
    let valid = 0;
    let acceptableRefused = 0;
    for (const t of all) {
      let shared: string | undefined;
      try {
        shared = toHex(sodium.crypto_scalarmult(fromHex(t.private), fromHex(t.public)));
      } catch {
        shared = undefined; // libsodium refuses an all-zero shared secret (low-order point)
      }
      if (t.result === 'valid') {
        expect(shared, `tcId ${t.tcId}`).toBe(t.shared);
        valid++;
      } else if (t.result === 'acceptable') {
        if (shared === undefined) acceptableRefused++;
        else expect(shared, `tcId ${t.tcId}`).toBe(t.shared);
      } else {
        expect(shared, `tcId ${t.tcId}`).toBeUndefined();
      }
    }
    expect(valid).toBe(264);
    // Every refusal is a zero shared secret, which libsodium rejects on purpose.
    expect(acceptableRefused).toBeGreaterThan(0);
  });
});

describe('Wycheproof Ed25519', () => {
  type EdTest = { msg: string; sig: string };
  const raw = JSON.parse(
    readFileSync(
      new URL('../../../../shared/testdata/wycheproof/ed25519_test.json', import.meta.url),
      'utf8',
    ),
  ) as {
    numberOfTests: number;
    testGroups: {
      publicKey: { pk: string };
      tests: (EdTest & { tcId: number; result: string })[];
    }[];
  };

  it('verifies every valid signature and rejects every invalid one', () => {
    let valid = 0;
    let invalid = 0;
    for (const group of raw.testGroups) {
      const pk = fromHex(group.publicKey.pk);
      for (const t of group.tests) {
        const ok = ed25519Verify(pk, fromHex(t.msg), fromHex(t.sig));
        expect(ok, `tcId ${t.tcId}`).toBe(t.result === 'valid');
        if (t.result === 'valid') valid++;
        else invalid++;
      }
    }
    expect(valid + invalid).toBe(raw.numberOfTests);
    expect(valid).toBe(88);
    expect(invalid).toBe(63);
  });
});
