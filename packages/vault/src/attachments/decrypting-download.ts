import { createSha256, decryptFileStream, type FileContext, type FileKey } from '@corridor/crypto';
import type { RouteDefinition } from '@corridor/protocol';
import type { ApiClient, CallInput } from '../api/api-client.ts';
import { AttachmentError } from './attachment-error.ts';

/** How often a download cut off mid-way is resumed (an HTTP range from where it stopped). */
const maxResumes = 3;

/** An encrypted file to download: where it is served, its key, and what it must be. */
export interface EncryptedDownload<R extends RouteDefinition> {
  readonly route: R;
  readonly input: Omit<CallInput<R>, 'body'>;
  readonly key: FileKey;
  readonly context: FileContext;
  /** The plaintext's size and SHA-256, recorded when the file was stored. */
  readonly size: number;
  readonly sha256: string;
  /** What a `digest_mismatch` says (the file is not the one attached, or that arrived). */
  readonly mismatch: string;
}

/**
 * Downloads a file and decrypts it as it arrives — never whole in memory. A connection
 * lost mid-way is resumed from the byte it stopped at. The stream errors if a chunk
 * fails to authenticate (CryptoError) or if the whole is not the recorded size and
 * SHA-256 (`digest_mismatch`): keep what it gave only once it closes without error.
 * Case attachments and inbox files both come this way.
 */
export function decryptingDownload<R extends RouteDefinition>(
  api: Pick<ApiClient, 'download'>,
  file: EncryptedDownload<R>,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let received = 0;
  let resumes = 0;

  const connect = async () => {
    const download = await api.download(file.route, file.input, received);
    if (download.offset !== received) {
      await download.body.cancel();
      throw new AttachmentError('download_broken', 'the server answered another range');
    }
    return download.body.getReader();
  };

  const ciphertext = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          reader ??= await connect();
          try {
            const { done, value } = await reader.read();
            if (done) return controller.close();
            received += value.length;
            return controller.enqueue(value);
          } catch (error) {
            if (resumes >= maxResumes) throw error;
            resumes += 1;
            reader = null;
          }
        }
      },
      async cancel(reason) {
        await reader?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );

  const hash = createSha256();
  let size = 0;
  const verify = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      size += chunk.length;
      controller.enqueue(chunk);
    },
    flush() {
      if (size !== file.size || hash.digest() !== file.sha256) {
        throw new AttachmentError('digest_mismatch', file.mismatch);
      }
    },
  });
  return ciphertext.pipeThrough(decryptFileStream(file.key, file.context)).pipeThrough(verify);
}
