// Opens the committed v1 vectors (test-vectors/v1.json) with today's code: data written
// by any earlier build of format v1 must stay readable.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blindIndex } from './blind-index.ts';
import { fromBase64, fromHex, fromUtf8, toHex, utf8 } from './encoding.ts';
import { decryptFileStream } from './file-stream.ts';
import { initCrypto } from './init.ts';
import { openSealedKey, unwrapKey } from './key-wrapping.ts';
import { asSymmetricKey, boxKeyPairFromSeed, type SignSecretKey } from './keys.ts';
import {
  asReceiptServerKey,
  deriveReceiptKeys,
  parseReceiptCode,
  receiptVerifier,
} from './receipt-code.ts';
import { decryptRecord } from './records.ts';
import { parseRecoveryCode, wrappingKeyFromRecoveryCode } from './recovery-code.ts';
import { openSealed } from './sealed.ts';
import { sign } from './signatures.ts';
import { lib } from './sodium.ts';
import { unwrapUserKeys, wrappingKeyFromExportKey } from './user-keys.ts';

await initCrypto();

const v = JSON.parse(readFileSync(new URL('../test-vectors/v1.json', import.meta.url), 'utf8'));

describe('envelope format v1 known answers', () => {
  it('opens the record', () => {
    const key = asSymmetricKey('record', fromHex(v.record.key));
    expect(fromUtf8(decryptRecord(key, fromBase64(v.record.envelope), v.record.context))).toBe(
      v.record.plaintext,
    );
  });

  it('unwraps the wrapped key', () => {
    const w = v.wrappedKey;
    const key = unwrapKey(
      asSymmetricKey('wrapping', fromHex(w.wrappingKey)),
      fromBase64(w.envelope),
      'record',
      w.purpose,
    );
    expect(toHex(key)).toBe(w.key);
  });

  it('opens the sealed message and the sealed key', () => {
    const recipient = boxKeyPairFromSeed(fromHex(v.sealed.recipientSeed));
    expect(toHex(recipient.publicKey)).toBe(v.sealed.recipientPublicKey);
    expect(fromUtf8(openSealed(recipient, fromBase64(v.sealed.envelope)))).toBe(v.sealed.plaintext);
    expect(
      toHex(
        openSealedKey(recipient, fromBase64(v.sealedKey.envelope), 'record', v.sealedKey.purpose),
      ),
    ).toBe(v.sealedKey.key);
  });

  it('unwraps the key bundle to the same key pairs', () => {
    const b = v.keyBundle;
    const keys = unwrapUserKeys(
      asSymmetricKey('wrapping', fromHex(b.wrappingKey)),
      fromBase64(b.envelope),
      b.userId,
    );
    expect(keys.box.publicKey).toEqual(boxKeyPairFromSeed(fromHex(b.boxSeed)).publicKey);
    expect(keys.sign.publicKey).toEqual(
      lib().crypto_sign_seed_keypair(fromHex(b.signSeed)).publicKey,
    );
  });

  it('decrypts the file stream', async () => {
    const f = v.fileStream;
    const stream = new Blob([fromBase64(f.envelope)])
      .stream()
      .pipeThrough(decryptFileStream(asSymmetricKey('file', fromHex(f.key)), { fileId: f.fileId }));
    const plain = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(plain).toEqual(new Uint8Array(f.plaintext.length).map((_, i) => i % 251));
  });

  it('makes the same signature (Ed25519 is deterministic)', () => {
    const s = v.signature;
    const secretKey = lib().crypto_sign_seed_keypair(fromHex(s.seed)).privateKey as SignSecretKey;
    expect(toHex(sign(secretKey, s.purpose, utf8(s.message)))).toBe(s.signature);
  });

  it('computes the same blind index and derived keys', () => {
    const b = v.blindIndex;
    expect(blindIndex(asSymmetricKey('blind-index', fromHex(b.key)), b.domain, b.value)).toBe(
      b.index,
    );
    const r = deriveReceiptKeys(parseReceiptCode(v.receiptCode.code), fromHex(v.receiptCode.salt));
    expect(toHex(r.keyPair.publicKey)).toBe(v.receiptCode.publicKey);
    expect(receiptVerifier(r.accessKey)).toBe(v.receiptCode.verifier);
    for (const vector of [v.receiptCodeIntakeArgon2id, v.receiptCodeKeyed]) {
      const keys = deriveReceiptKeys(
        parseReceiptCode(vector.code),
        fromHex(vector.salt),
        vector.kdf,
        vector.serverKey ? asReceiptServerKey(fromHex(vector.serverKey)) : undefined,
      );
      expect(toHex(keys.keyPair.publicKey)).toBe(vector.publicKey);
      expect(receiptVerifier(keys.accessKey)).toBe(vector.verifier);
    }
    expect(toHex(wrappingKeyFromRecoveryCode(parseRecoveryCode(v.recoveryCode.code)))).toBe(
      v.recoveryCode.wrappingKey,
    );
    expect(toHex(wrappingKeyFromExportKey(fromHex(v.exportKey.exportKey)))).toBe(
      v.exportKey.wrappingKey,
    );
  });
});
