// bench:crypto — what this package's typed operations cost over the raw libsodium calls
// they wrap, measured in the same run: records (XChaCha20-Poly1305 with bound context),
// sealed boxes, and file streams (secretstream through Web Streams) in MB/s.
import { compare, report } from '../../../bench/lib/harness.ts';
import {
  decryptFileStream,
  decryptRecord,
  encryptFileStream,
  encryptRecord,
  generateBoxKeyPair,
  generateSymmetricKey,
  initCrypto,
  openSealed,
  randomBytes,
  sealTo,
} from '../src/index.ts';
import { lib } from '../src/sodium.ts';

await initCrypto();
const sodium = lib();

// Records: encrypt + decrypt 1 KiB.
const recordKey = generateSymmetricKey('record');
const record = randomBytes(1024);
const context = { caseId: 'case-1', kind: 'identity' };
const records = await compare(
  {
    name: 'record-1KiB',
    run: () => void decryptRecord(recordKey, encryptRecord(recordKey, record, context), context),
  },
  {
    name: 'raw-xchacha20poly1305-1KiB',
    run: () => {
      const nonce = sodium.randombytes_buf(24);
      const ad = new Uint8Array(30);
      const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        record,
        ad,
        null,
        nonce,
        recordKey,
      );
      sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, ad, nonce, recordKey);
    },
  },
  { operationsPerRound: 2000, rounds: 7 },
);
report('crypto-record', records);

// Sealed boxes: seal + open 1 KiB.
const inbox = generateBoxKeyPair();
const sealed = await compare(
  { name: 'seal-open-1KiB', run: () => void openSealed(inbox, sealTo(inbox.publicKey, record)) },
  {
    name: 'raw-box-seal-1KiB',
    run: () =>
      void sodium.crypto_box_seal_open(
        sodium.crypto_box_seal(record, inbox.publicKey),
        inbox.publicKey,
        inbox.secretKey,
      ),
  },
  { operationsPerRound: 300, rounds: 7 },
);
report('crypto-sealed', sealed);

// File streams: encrypt + decrypt 8 MiB, fed in 64 KiB pieces as an upload would be.
const fileKey = generateSymmetricKey('file');
const fileBytes = 8 * 1024 * 1024;
const piece = randomBytes(64 * 1024);
const pieces = fileBytes / piece.length;

async function drain(stream: ReadableStream<Uint8Array>): Promise<void> {
  const reader = stream.getReader();
  while (!(await reader.read()).done) {}
}

function source(): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ < pieces) controller.enqueue(piece);
      else controller.close();
    },
  });
}

const encryptedFile = new Uint8Array(
  await new Response(
    source().pipeThrough(encryptFileStream(fileKey, { fileId: 'f' })),
  ).arrayBuffer(),
);

const streams = await compare(
  {
    name: 'file-stream-8MiB',
    run: async () => {
      await drain(source().pipeThrough(encryptFileStream(fileKey, { fileId: 'f' })));
      await drain(
        new Blob([encryptedFile]).stream().pipeThrough(decryptFileStream(fileKey, { fileId: 'f' })),
      );
    },
  },
  {
    name: 'raw-secretstream-8MiB',
    run: () => {
      const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < pieces; i++) {
        const tag =
          i === pieces - 1
            ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
            : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
        chunks.push(sodium.crypto_secretstream_xchacha20poly1305_push(state, piece, null, tag));
      }
      const pull = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, fileKey);
      for (const chunk of chunks)
        sodium.crypto_secretstream_xchacha20poly1305_pull(pull, chunk, null);
    },
  },
  { operationsPerRound: 2, rounds: 5, warmupOperations: 1 },
);
const megabytes = (2 * fileBytes) / (1024 * 1024); // encrypted and decrypted
report('crypto', streams, {
  stream_mb_per_s: Number((megabytes / (streams.subject.msPerOp / 1000)).toFixed(1)),
  raw_stream_mb_per_s: Number((megabytes / (streams.baseline.msPerOp / 1000)).toFixed(1)),
  record_ratio: Number(records.ratio.toFixed(3)),
  sealed_ratio: Number(sealed.ratio.toFixed(3)),
});
