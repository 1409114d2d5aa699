import type { Readable } from 'node:stream';
import type { RouteDefinition } from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import { ApiFailure } from './error-handling.ts';
import { type ResponseOf, type RouteInput, registerRoute } from './register-route.ts';

/** A raw request body as a handler gets it: its declared length and its bytes, unread. */
export interface RawBody {
  readonly length: number;
  readonly source: AsyncIterable<Uint8Array>;
}

const contentLength = /^\d{1,16}$/;

/**
 * Registers a route whose request body is raw bytes (`requestContent: 'binary'`). The
 * body is handed over as the unread request stream, so the handler can stream it to
 * disk; the parser for `application/octet-stream` exists only in this route's own
 * Fastify context, every other route still refuses that type. A Content-Length is
 * required (so a limit is checked before a byte is read) and must not be zero.
 */
export function registerBinaryUploadRoute<R extends RouteDefinition>(
  app: FastifyInstance,
  route: R,
  handler: (input: RouteInput<NoInfer<R>> & { raw: RawBody }) => Promise<ResponseOf<NoInfer<R>>>,
): void {
  if (route.requestContent !== 'binary') throw new Error(`${route.id} takes no raw body`);
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/octet-stream', (_request, payload, parsed) => {
      parsed(null, payload);
    });
    registerRoute(scope, route, async (input) => {
      const header = input.request.headers['content-length'] ?? '';
      const body = input.request.body as Readable | undefined;
      if (!contentLength.test(header) || Number(header) === 0 || !body) {
        throw new ApiFailure('invalid_request');
      }
      return handler({ ...input, raw: { length: Number(header), source: body } });
    });
    done();
  });
}

/** A streamed answer: status, headers, and the bytes. */
export interface StreamAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly stream: Readable;
}

/**
 * Registers a route whose success answer is raw bytes (`responseContent: 'binary'`),
 * streamed from the handler's stream. Params and query are validated as for every
 * route; failures are JSON errors as everywhere else.
 */
export function registerBinaryDownloadRoute<R extends RouteDefinition>(
  app: FastifyInstance,
  route: R,
  handler: (input: Omit<RouteInput<NoInfer<R>>, 'body'>) => Promise<StreamAnswer>,
): void {
  if (route.responseContent !== 'binary') throw new Error(`${route.id} answers no raw body`);
  app.route({
    method: route.method.toUpperCase() as 'GET',
    url: route.path,
    // A HEAD would run the handler (and its audit entry) for nothing.
    exposeHeadRoute: false,
    schema: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { querystring: route.query } : {}),
    },
    handler: async (request, reply) => {
      const answer = await handler({
        params: request.params as RouteInput<R>['params'],
        query: request.query as RouteInput<R>['query'],
        request,
        reply,
      });
      reply.code(answer.status).headers({ ...answer.headers });
      return reply.send(answer.stream);
    },
  });
}
