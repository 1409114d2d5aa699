import {
  createBlobRoute,
  downloadBlobRoute,
  finishBlobRoute,
  uploadBlobChunkRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate } from '../auth/session-guard.ts';
import { registerBinaryDownloadRoute, registerBinaryUploadRoute } from '../http/binary-routes.ts';
import { byteRange } from '../http/byte-range.ts';
import { ApiFailure } from '../http/error-handling.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { createUpload, finishUpload, openDownload, receiveChunk } from './attachment-service.ts';
import type { BlobStore } from './blob-store.ts';

/**
 * Attachments: upload in chunks, finish, download. Every route needs a session and the
 * case; a case the caller's teams do not hold is `not_found`, administrators included,
 * and the refusal is audited (`case.refused`, naming `attachment.upload` or `.download`).
 */
export function registerAttachmentRoutes(
  app: FastifyInstance,
  { storage, clock }: AuthDeps,
  blobs: BlobStore,
): void {
  const deps = { storage, blobs };

  registerRoute(app, createBlobRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(201, await createUpload(deps, caller, params.caseId, body, clock()));
  });

  registerBinaryUploadRoute(app, uploadBlobChunkRoute, async ({ params, query, request, raw }) => {
    const caller = await authenticate(request, storage, clock);
    const place = { ...params, offset: query.offset };
    return respond(200, await receiveChunk(deps, caller, place, raw, clock()));
  });

  registerRoute(app, finishBlobRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(
      200,
      await finishUpload(deps, caller, params.caseId, params.blobId, body, clock()),
    );
  });

  registerBinaryDownloadRoute(app, downloadBlobRoute, async ({ params, request, reply }) => {
    const caller = await authenticate(request, storage, clock);
    const { size } = await openDownload(deps, caller, params.caseId, params.blobId, clock());
    const range = byteRange(request.headers.range, size);
    if (range === 'unsatisfiable') {
      reply.header('content-range', `bytes */${size}`);
      throw new ApiFailure('range_not_satisfiable');
    }
    return {
      status: range.partial ? 206 : 200,
      headers: {
        'content-type': 'application/octet-stream',
        // Ciphertext for the vault to fetch, never a page a browser should show.
        'content-disposition': 'attachment',
        'content-length': String(range.end - range.start + 1),
        'accept-ranges': 'bytes',
        ...(range.partial ? { 'content-range': `bytes ${range.start}-${range.end}/${size}` } : {}),
      },
      stream: blobs.read(params.caseId, params.blobId, range),
    };
  });
}
