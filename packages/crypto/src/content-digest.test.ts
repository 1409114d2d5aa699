import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseEventDigest, caseGenesisDigest, caseKeyId, casePayloadDigest } from './case-chain.ts';
import { contentDigest } from './content-digest.ts';
import { toBase64, toHex, utf8 } from './encoding.ts';
import { initCrypto } from './init.ts';
import { errorCode } from './testing.ts';

await initCrypto();

describe('content digests', () => {
  it('are 32 bytes, stable, and differ by purpose (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        const a = contentDigest('case-event', bytes);
        expect(a).toHaveLength(32);
        expect(toHex(contentDigest('case-event', bytes))).toBe(toHex(a));
        expect(toHex(contentDigest('case-payload', bytes))).not.toBe(toHex(a));
      }),
      { numRuns: 50 },
    );
  });

  it('has a known answer', () => {
    // BLAKE2b-256("corridor/v1/digest/case-event\0abc"), from Python's hashlib.blake2b.
    expect(toHex(contentDigest('case-event', utf8('abc')))).toBe(
      '18f0d74c334543eb747a91ba13ba6991f36a2d3f0794813ac008ecb5da8d6e2f',
    );
  });

  it('refuses a purpose outside its alphabet', () => {
    expect(errorCode(() => contentDigest('Case Event', new Uint8Array()))).toBe('malformed');
  });

  it('name case payloads, events and a case’s start, each for its own purpose', () => {
    expect(casePayloadDigest(utf8('x'))).toBe(toBase64(contentDigest('case-payload', utf8('x'))));
    expect(caseEventDigest('x')).toBe(toBase64(contentDigest('case-event', utf8('x'))));
    expect(caseGenesisDigest('x')).toBe(toBase64(contentDigest('case-genesis', utf8('x'))));
    expect(caseGenesisDigest('x')).toHaveLength(43);
    expect(caseKeyId(utf8('x'))).toBe(toBase64(contentDigest('case-key-id', utf8('x'))));
  });
});
