import { CaseParams } from '../cases/case-schemas.ts';
import { ApiErrorSchema } from '../errors/error-codes.ts';
import { defineRoute } from '../routes/route.ts';
import {
  BinaryContent,
  BlobChunkQuery,
  BlobChunkReceived,
  BlobCreated,
  BlobFinished,
  BlobParams,
  CreateBlobBody,
  FinishBlobBody,
} from './attachment-schemas.ts';

export const createBlobRoute = defineRoute({
  id: 'createBlob',
  method: 'post',
  path: '/api/cases/:caseId/blobs',
  listeners: ['staff'],
  summary:
    'Starts an attachment upload to a case: an empty blob of at most `maxBytes` of ciphertext, encrypted in the browser. An upload that receives no chunk for an hour is removed.',
  params: CaseParams,
  body: CreateBlobBody,
  responses: { 201: BlobCreated },
});

export const uploadBlobChunkRoute = defineRoute({
  id: 'uploadBlobChunk',
  method: 'post',
  path: '/api/cases/:caseId/blobs/:blobId/chunks',
  listeners: ['staff'],
  summary:
    'Appends the next chunk of ciphertext (`application/octet-stream`, with Content-Length) at `offset`, streamed to disk.',
  params: BlobParams,
  query: BlobChunkQuery,
  requestContent: 'binary',
  responses: { 200: BlobChunkReceived },
});

export const finishBlobRoute = defineRoute({
  id: 'finishBlob',
  method: 'post',
  path: '/api/cases/:caseId/blobs/:blobId/finish',
  listeners: ['staff'],
  summary:
    'Ends an upload of exactly `bytes`, made durable; the blob is kept once an `attachment.added` event names it.',
  params: BlobParams,
  body: FinishBlobBody,
  responses: { 200: BlobFinished },
});

export const downloadBlobRoute = defineRoute({
  id: 'downloadBlob',
  method: 'get',
  path: '/api/cases/:caseId/blobs/:blobId',
  listeners: ['staff'],
  summary:
    'An attachment’s ciphertext, streamed, to members whose teams hold the compartment of the event naming it; one `Range: bytes=` range (RFC 9110 §14) gets 206. Recorded in the audit log.',
  params: BlobParams,
  responseContent: 'binary',
  responses: { 200: BinaryContent, 206: BinaryContent, 416: ApiErrorSchema },
});

export const attachmentRoutes = [
  createBlobRoute,
  uploadBlobChunkRoute,
  finishBlobRoute,
  downloadBlobRoute,
];
