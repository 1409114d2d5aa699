import type { RouteDefinition } from '@corridor/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteInput<R extends RouteDefinition> {
  params: Infer<R['params']>;
  query: Infer<R['query']>;
  body: Infer<R['body']>;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type ResponseOf<R extends RouteDefinition> = {
  [S in keyof R['responses']]: { status: S; body: z.infer<R['responses'][S]> };
}[keyof R['responses']];

/** A handler's answer: `respond(200, body)` keeps the status a literal, so its body is checked against that status's schema. */
export function respond<const S extends number, B>(status: S, body: B): { status: S; body: B } {
  return { status, body };
}

/**
 * Registers a handler for a route of the protocol. Inputs are validated with the
 * route's zod schemas before the handler runs, and the answer is checked against
 * the response schema of its status before it leaves, so the server cannot drift
 * from the contract.
 */
export interface RouteOptions {
  /** Requests per client address per minute (in this process), for endpoints open to guessing. */
  readonly perAddressPerMinute?: number;
  /** Bytes a request body may have, where this route needs more than the app's limit. */
  readonly bodyLimit?: number;
}

export function registerRoute<R extends RouteDefinition>(
  app: FastifyInstance,
  route: R,
  handler: (input: RouteInput<NoInfer<R>>) => Promise<ResponseOf<NoInfer<R>>>,
  options: RouteOptions = {},
): void {
  app.route({
    ...(options.perAddressPerMinute
      ? { config: { rateLimit: { max: options.perAddressPerMinute, timeWindow: 60_000 } } }
      : {}),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    method: route.method.toUpperCase() as 'GET',
    url: route.path,
    schema: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { querystring: route.query } : {}),
      ...(route.body ? { body: route.body } : {}),
      response: route.responses,
    },
    handler: async (request, reply) => {
      const result = await handler({
        params: request.params as Infer<R['params']>,
        query: request.query as Infer<R['query']>,
        body: request.body as Infer<R['body']>,
        request,
        reply,
      });
      reply.code(Number(result.status));
      return result.body;
    },
  });
}
