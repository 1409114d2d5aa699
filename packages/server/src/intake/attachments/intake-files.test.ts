import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asSymmetricKey,
  decryptFileStream,
  encryptedFileSize,
  fromBase64,
  initCrypto,
  sha256,
} from '@corridor/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInboundEmail } from '../email/email-message.ts';
import { createIntakeFileStore, type IntakeFileStore } from './intake-file-store.ts';
import {
  cleanFileName,
  cleanMediaType,
  FileTooLarge,
  intakeFileContext,
  keepFile,
} from './intake-files.ts';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);

describe('keeping a file on intake', () => {
  let dir: string;
  let store: IntakeFileStore;
  beforeAll(async () => {
    await initCrypto();
    dir = await mkdtemp(join(tmpdir(), 'intake-files-'));
    store = createIntakeFileStore(join(dir, 'intake'));
    await store.prepare();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('encrypts as it streams, stores only ciphertext, and records name, type, size and hash', async () => {
    const content = bytes(150 * 1024 + 3);
    const stream = new Blob([content]).stream();
    const kept = await keepFile(
      store,
      { name: 'C:\\fakepath\\scan.pdf', type: 'Application/PDF', content: stream },
      'file',
    );
    expect(kept.record).toMatchObject({
      v: 1,
      name: 'scan.pdf',
      type: 'application/pdf',
      size: content.length,
      sha256: sha256(content),
    });
    expect(kept.bytes).toBe(encryptedFileSize(content.length));
    const stored = await readFile(join(store.root, kept.id));
    expect(stored.length).toBe(kept.bytes);
    expect(stored.includes(Buffer.from(content.subarray(100, 164)))).toBe(false);
    const key = asSymmetricKey('file', fromBase64(kept.record.key));
    const plain = await new Response(
      new Blob([stored]).stream().pipeThrough(decryptFileStream(key, intakeFileContext(kept.id))),
    ).arrayBuffer();
    expect(new Uint8Array(plain)).toEqual(content);
  });

  it('stops at the limit and leaves nothing behind', async () => {
    const before = await readdir(store.root);
    await expect(
      keepFile(store, { name: 'big', type: undefined, content: bytes(70_000) }, 'file', 65_536),
    ).rejects.toBeInstanceOf(FileTooLarge);
    expect(await readdir(store.root)).toEqual(before);
    expect(await readdir(join(store.root, 'tmp'))).toEqual([]);
  });

  it('cleans names and media types it cannot trust', () => {
    expect(cleanFileName('../../etc/passwd', 'file')).toBe('passwd');
    expect(cleanFileName('a\r\nb.txt', 'file')).toBe('a b.txt');
    expect(cleanFileName('', 'photo.jpg')).toBe('photo.jpg');
    expect([...cleanFileName('я'.repeat(400), 'x')]).toHaveLength(255);
    expect(cleanMediaType('text/html; charset=utf-8')).toBe('application/octet-stream');
    expect(cleanMediaType(undefined)).toBe('application/octet-stream');
    expect(cleanMediaType('image/jpeg')).toBe('image/jpeg');
  });
});

describe('e-mail attachments', () => {
  const mail = (parts: { name: string; size: number }[]) =>
    Buffer.from(
      [
        'From: a@example.org',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'see attached',
        ...parts.flatMap((p) => [
          '--b',
          `Content-Type: application/octet-stream; name="${p.name}"`,
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.alloc(p.size, 1).toString('base64'),
        ]),
        '--b--',
        '',
      ].join('\r\n'),
    );
  const none = { from: undefined, messageId: undefined };

  it('keeps files within the limits and leaves notices for the rest', async () => {
    const email = await parseInboundEmail(
      mail([
        { name: 'a.bin', size: 10 },
        { name: 'huge.bin', size: 2000 },
        { name: 'b.bin', size: 10 },
        { name: 'c.bin', size: 10 },
      ]),
      none,
      { keep: true, maxFileBytes: 1000, maxFiles: 2 },
    );
    expect(email.files.map((f) => f.name)).toEqual(['a.bin', 'b.bin']);
    const text = new TextDecoder().decode(email.body);
    expect(text).toContain('Attachment not kept: huge.bin');
    expect(text).toContain('per file');
    expect(text).toContain('Attachment not kept: c.bin');
    expect(text).not.toContain('a.bin');
  });

  it('keeps none without a place to keep them, as before', async () => {
    const email = await parseInboundEmail(mail([{ name: 'a.bin', size: 10 }]), none);
    expect(email.files).toEqual([]);
    expect(new TextDecoder().decode(email.body)).toContain('Attachment not kept: a.bin');
  });
});
