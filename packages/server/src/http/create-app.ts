import type { Listener } from '@corridor/protocol';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from '../logging/logger.ts';
import { logRequests } from './request-logging.ts';

export interface AppOptions {
  readonly listener: Listener;
  readonly logger: Logger;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  /** Content-Security-Policy directives for this listener's pages. */
  readonly contentSecurityPolicy: Record<string, string[]>;
}

/** A Fastify instance with what every listener shares: zod validation, headers, logging. */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger.child({ listener: options.listener }) as FastifyBaseLogger,
    // Fastify's request lines carry the raw URL and client address; ours (logRequests) do not.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    // A client-chosen request id would let a caller write into our logs.
    requestIdHeader: false,
    trustProxy: false,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: options.contentSecurityPolicy },
    // No HSTS here: TLS is terminated in front of Corridor, which sets it.
    hsts: false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: true,
    frameguard: { action: 'deny' },
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header(
      'permissions-policy',
      'camera=(), microphone=(), geolocation=(), interest-cohort=()',
    );
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  // Off by default; routes open to guessing opt in (registerRoute's perAddressPerMinute).
  // Addresses are kept in memory only, never logged or stored.
  await app.register(rateLimit, { global: false });
  logRequests(app);
  return app;
}
