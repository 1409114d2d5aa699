import { downloadIntakeAttachmentRoute } from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../../auth/registration.ts';
import { authenticate } from '../../auth/session-guard.ts';
import { registerBinaryDownloadRoute } from '../../http/binary-routes.ts';
import { byteRange } from '../../http/byte-range.ts';
import { ApiFailure } from '../../http/error-handling.ts';
import { openIntakeFile } from './intake-file-download.ts';
import type { IntakeFileStore } from './intake-file-store.ts';

/** Files of inbound messages: ciphertext for hotline members' browsers to decrypt. */
export function registerIntakeFileRoutes(
  app: FastifyInstance,
  { storage, clock }: AuthDeps,
  files: IntakeFileStore,
): void {
  registerBinaryDownloadRoute(
    app,
    downloadIntakeAttachmentRoute,
    async ({ params, request, reply }) => {
      const caller = await authenticate(request, storage, clock);
      const { conversationId, attachmentId } = params;
      const { size } = await openIntakeFile(storage, clock, caller, conversationId, attachmentId);
      const range = byteRange(request.headers.range, size);
      if (range === 'unsatisfiable') {
        reply.header('content-range', `bytes */${size}`);
        throw new ApiFailure('range_not_satisfiable');
      }
      return {
        status: range.partial ? 206 : 200,
        headers: {
          'content-type': 'application/octet-stream',
          'content-disposition': 'attachment',
          'content-length': String(range.end - range.start + 1),
          'accept-ranges': 'bytes',
          ...(range.partial
            ? { 'content-range': `bytes ${range.start}-${range.end}/${size}` }
            : {}),
        },
        stream: files.read(attachmentId, range),
      };
    },
  );
}
