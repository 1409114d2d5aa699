import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteQueue } from './byte-queue.ts';
import { concatBytes } from './encoding.ts';
import {
  decryptFileStream,
  encryptedFileSize,
  encryptFileStream,
  fileChunkBytes,
} from './file-stream.ts';
import { initCrypto } from './init.ts';
import { type FileKey, generateSymmetricKey } from './keys.ts';
import { randomBytes } from './random.ts';

await initCrypto();

const context = { fileId: 'att-1' };

/** Streams `bytes` through `transform` in pieces of the given sizes (cycled) and collects the output. */
async function pipe(
  bytes: Uint8Array,
  transform: TransformStream<Uint8Array, Uint8Array>,
  pieces = [bytes.length || 1],
) {
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      let offset = 0;
      let i = 0;
      while (offset < bytes.length) {
        const size = Math.max(1, pieces[i++ % pieces.length] as number);
        controller.enqueue(bytes.slice(offset, offset + size));
        offset += size;
      }
      controller.close();
    },
  });
  const out: Uint8Array[] = [];
  const reader = input.pipeThrough(transform).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.push(value);
  }
  return concatBytes(...out);
}

const encrypt = (key: FileKey, bytes: Uint8Array, pieces?: number[]) =>
  pipe(bytes, encryptFileStream(key, context), pieces);
const decrypt = (key: FileKey, bytes: Uint8Array, pieces?: number[], ctx = context) =>
  pipe(bytes, decryptFileStream(key, ctx), pieces);

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const chunk = fileChunkBytes;
const cipherChunk = chunk + 17;
const head = 26;

describe('encrypted file streams', () => {
  const key = generateSymmetricKey('file');

  it.each([0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 5])(
    'round-trip %i bytes',
    async (size) => {
      const plain = randomBytes(size);
      const encrypted = await encrypt(key, plain, [7000, 1, 65536, 123457]);
      expect(encrypted.length).toBe(encryptedFileSize(size));
      expect(await decrypt(key, encrypted, [1, 100, 70000, 5])).toEqual(plain);
    },
  );

  it('round-trip whatever the piece sizes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 * chunk }),
        fc.array(fc.integer({ min: 1, max: 2 * chunk }), { minLength: 1, maxLength: 5 }),
        async (size, pieces) => {
          const plain = randomBytes(size);
          expect(await decrypt(key, await encrypt(key, plain, pieces), pieces)).toEqual(plain);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('fail closed on every flipped bit of a small file', async () => {
    const encrypted = await encrypt(key, randomBytes(40));
    for (let bit = 0; bit < encrypted.length * 8; bit++) {
      const tampered = encrypted.slice();
      tampered[bit >> 3] = (tampered[bit >> 3] as number) ^ (1 << (bit & 7));
      expect(
        ['decryption_failed', 'unsupported_version', 'wrong_envelope_type', 'malformed'],
        `bit ${bit}`,
      ).toContain(await failure(decrypt(key, tampered)));
    }
  });

  it('fail closed on a flipped bit in any chunk of a large file', async () => {
    const encrypted = await encrypt(key, randomBytes(3 * chunk + 5));
    for (const position of [
      head,
      head + cipherChunk - 1,
      head + cipherChunk + 10,
      encrypted.length - 1,
    ]) {
      const tampered = encrypted.slice();
      tampered[position] = (tampered[position] as number) ^ 0x01;
      expect(await failure(decrypt(key, tampered)), `byte ${position}`).toBe('decryption_failed');
    }
  });

  it('fail closed when chunks are reordered, dropped or repeated', async () => {
    const encrypted = await encrypt(key, randomBytes(3 * chunk + 5));
    const c = (i: number) =>
      encrypted.subarray(head + i * cipherChunk, head + (i + 1) * cipherChunk);
    const rest = encrypted.subarray(head + 3 * cipherChunk);
    const header = encrypted.subarray(0, head);
    const join = concatBytes;
    expect(await failure(decrypt(key, join(header, c(1), c(0), c(2), rest)))).toBe(
      'decryption_failed',
    );
    expect(await failure(decrypt(key, join(header, c(0), c(2), rest)))).toBe('decryption_failed');
    expect(await failure(decrypt(key, join(header, c(0), c(0), c(1), c(2), rest)))).toBe(
      'decryption_failed',
    );
  });

  it('fail closed when truncated anywhere, at chunk boundaries above all', async () => {
    const encrypted = await encrypt(key, randomBytes(2 * chunk + 5));
    const cuts = [
      0,
      1,
      head - 1,
      head,
      head + 1,
      head + cipherChunk,
      head + 2 * cipherChunk,
      encrypted.length - 1,
    ];
    for (const cut of cuts) {
      expect(['stream_truncated', 'decryption_failed', 'malformed'], `cut at ${cut}`).toContain(
        await failure(decrypt(key, encrypted.subarray(0, cut))),
      );
    }
    // Cut exactly after a whole chunk: everything authenticates, but the final chunk is missing.
    expect(await failure(decrypt(key, encrypted.subarray(0, head + 2 * cipherChunk)))).toBe(
      'stream_truncated',
    );
  });

  it.each([100, chunk, 2 * chunk + 3])(
    'refuse bytes after the final chunk of %i bytes',
    async (size) => {
      const encrypted = await encrypt(key, randomBytes(size));
      for (const extra of [1, 17, cipherChunk + 1]) {
        const longer = new Uint8Array(encrypted.length + extra);
        longer.set(encrypted);
        expect(await failure(decrypt(key, longer)), `${extra} extra`).toBe('decryption_failed');
      }
    },
  );

  it('do not open under another key or as another file', async () => {
    const encrypted = await encrypt(key, randomBytes(100));
    expect(await failure(decrypt(generateSymmetricKey('file'), encrypted))).toBe(
      'decryption_failed',
    );
    expect(await failure(decrypt(key, encrypted, undefined, { fileId: 'att-2' }))).toBe(
      'decryption_failed',
    );
  });
});

describe('ByteQueue', () => {
  it('refuses to take more than it holds', () => {
    const queue = new ByteQueue();
    queue.push(new Uint8Array(3));
    expect(() => queue.take(4)).toThrowError(RangeError);
  });
});

describe('a file whose final chunk is cut off', () => {
  it('releases no plaintext of the chunk before it and ends in stream_truncated', async () => {
    const key = generateSymmetricKey('file');
    const plain = randomBytes(2 * chunk); // an exact multiple: the final chunk is empty
    const encrypted = await encrypt(key, plain);
    const cut = encrypted.subarray(0, encrypted.length - 17);
    const reader = new Blob([cut])
      .stream()
      .pipeThrough(decryptFileStream(key, context))
      .getReader();
    let released = 0;
    let code = 'no error';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        released += value.length;
      }
    } catch (error) {
      code = (error as { code: string }).code;
    }
    expect(code).toBe('stream_truncated');
    // The first chunk was authenticated and passed on; the last one is held back.
    expect(released).toBeLessThanOrEqual(chunk);
  });

  it('refuses a key of the wrong length with a typed error', () => {
    expect(() => encryptFileStream(new Uint8Array(16) as never, context)).toThrowError(/32 bytes/);
  });
});
