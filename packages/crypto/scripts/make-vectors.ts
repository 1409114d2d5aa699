// Writes test-vectors/v1.json: known answers for envelope format v1, made once and
// committed. The test opens them with today's code, so a change that would make stored
// data unreadable fails. Run again only when adding a vector, never to "fix" a test.
import { writeFileSync } from 'node:fs';
import {
  asReceiptServerKey,
  asSymmetricKey,
  blindIndex,
  deriveReceiptKeys,
  encryptFileStream,
  encryptRecord,
  fromHex,
  initCrypto,
  parseReceiptCode,
  parseRecoveryCode,
  receiptVerifier,
  sealKey,
  sealTo,
  sign,
  toBase64,
  toHex,
  utf8,
  wrapKey,
  wrappingKeyFromExportKey,
  wrappingKeyFromRecoveryCode,
  wrapUserKeys,
} from '../src/index.ts';
import { boxKeyPairFromSeed } from '../src/keys.ts';
import { lib } from '../src/sodium.ts';

await initCrypto();
const sodium = lib();
const key = (byte: string) => fromHex(byte.repeat(32));
const recordKey = asSymmetricKey('record', key('11'));
const wrappingKey = asSymmetricKey('wrapping', key('22'));
const fileKey = asSymmetricKey('file', key('33'));
const recipient = boxKeyPairFromSeed(key('44'));
const signing = sodium.crypto_sign_seed_keypair(key('55'));
const userBox = boxKeyPairFromSeed(key('66'));
const userSign = sodium.crypto_sign_seed_keypair(key('77'));

async function fileEnvelope(plaintext: Uint8Array): Promise<string> {
  const stream = new Blob([plaintext])
    .stream()
    .pipeThrough(encryptFileStream(fileKey, { fileId: 'att-1' }));
  return toBase64(new Uint8Array(await new Response(stream).arrayBuffer()));
}

const receiptCode = parseReceiptCode('7KQM-2D9X-ABC1-0000-ZZZZ');
const receiptSalt = key('88').subarray(0, 16);
const receipt = deriveReceiptKeys(receiptCode, receiptSalt);
// Inboxes made before decision 0035 keep this; their codes must keep opening.
const intakeArgon2id = {
  algorithm: 'argon2id13',
  opsLimit: 1,
  memLimitBytes: 1024 * 1024,
} as const;
const receiptArgon2id = deriveReceiptKeys(receiptCode, receiptSalt, intakeArgon2id);
const receiptServerKey = asReceiptServerKey(fromHex('77'.repeat(32)));
const receiptKeyed = deriveReceiptKeys(
  receiptCode,
  receiptSalt,
  { algorithm: 'blake2b-keyed' },
  receiptServerKey,
);
const recoveryCode = parseRecoveryCode('0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ');
const exportKey = fromHex('99'.repeat(64));

const vectors = {
  note: 'Envelope format v1 known answers; see docs/protocol/v1.md. Keys are hex, envelopes base64url.',
  record: {
    key: toHex(recordKey),
    context: { caseId: 'case-1', kind: 'identity' },
    plaintext: 'Имя: Тест Тестов',
    envelope: toBase64(
      encryptRecord(recordKey, utf8('Имя: Тест Тестов'), { caseId: 'case-1', kind: 'identity' }),
    ),
  },
  wrappedKey: {
    wrappingKey: toHex(wrappingKey),
    kind: 'record',
    purpose: 'compartment:case-1:identity',
    key: toHex(recordKey),
    envelope: toBase64(wrapKey(wrappingKey, recordKey, 'record', 'compartment:case-1:identity')),
  },
  sealed: {
    recipientSeed: '44'.repeat(32),
    recipientPublicKey: toHex(recipient.publicKey),
    plaintext: 'Мне нужна помощь',
    envelope: toBase64(sealTo(recipient.publicKey, utf8('Мне нужна помощь'))),
  },
  sealedKey: {
    recipientSeed: '44'.repeat(32),
    kind: 'record',
    purpose: 'compartment:case-1:identity',
    key: toHex(recordKey),
    envelope: toBase64(
      sealKey(recipient.publicKey, recordKey, 'record', 'compartment:case-1:identity'),
    ),
  },
  keyBundle: {
    wrappingKey: toHex(wrappingKey),
    userId: 'user-1',
    boxSeed: '66'.repeat(32),
    signSeed: '77'.repeat(32),
    envelope: toBase64(
      wrapUserKeys(
        wrappingKey,
        {
          box: userBox,
          sign: { publicKey: userSign.publicKey as never, secretKey: userSign.privateKey as never },
        },
        'user-1',
      ),
    ),
  },
  fileStream: {
    key: toHex(fileKey),
    fileId: 'att-1',
    plaintext: { length: 70_000, byte: 'i mod 251' },
    envelope: await fileEnvelope(new Uint8Array(70_000).map((_, i) => i % 251)),
  },
  signature: {
    seed: '55'.repeat(32),
    purpose: 'case-event',
    message: '{"kind":"created"}',
    signature: toHex(sign(signing.privateKey as never, 'case-event', utf8('{"kind":"created"}'))),
  },
  blindIndex: {
    key: `${'00'.repeat(31)}01`,
    domain: 'telegram-chat',
    value: '123456789',
    index: blindIndex(
      asSymmetricKey('blind-index', fromHex(`${'00'.repeat(31)}01`)),
      'telegram-chat',
      '123456789',
    ),
  },
  receiptCode: {
    code: receiptCode,
    salt: toHex(receiptSalt),
    publicKey: toHex(receipt.keyPair.publicKey),
    verifier: receiptVerifier(receipt.accessKey),
  },
  receiptCodeIntakeArgon2id: {
    code: receiptCode,
    salt: toHex(receiptSalt),
    kdf: intakeArgon2id,
    publicKey: toHex(receiptArgon2id.keyPair.publicKey),
    verifier: receiptVerifier(receiptArgon2id.accessKey),
  },
  receiptCodeKeyed: {
    code: receiptCode,
    salt: toHex(receiptSalt),
    serverKey: toHex(receiptServerKey),
    kdf: { algorithm: 'blake2b-keyed' },
    publicKey: toHex(receiptKeyed.keyPair.publicKey),
    verifier: receiptVerifier(receiptKeyed.accessKey),
  },
  recoveryCode: {
    code: recoveryCode,
    wrappingKey: toHex(wrappingKeyFromRecoveryCode(recoveryCode)),
  },
  exportKey: {
    exportKey: toHex(exportKey),
    wrappingKey: toHex(wrappingKeyFromExportKey(exportKey)),
  },
};
writeFileSync(
  new URL('../test-vectors/v1.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);
console.log('wrote test-vectors/v1.json');
