import type { FastifyInstance } from 'fastify';

/**
 * Logs one line per answered request: method, route pattern, status and duration.
 * Never the raw URL (it may carry identifiers in the path or query), never headers
 * (tokens), never the body, never the client address (applicants must stay anonymous).
 * Fastify's own request logging is disabled for that reason.
 */
export function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(no route)';
    request.log.info(
      {
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
}
