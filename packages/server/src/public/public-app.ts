import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { registerHealthRoutes } from '../health/health-routes.ts';
import { createApp } from '../http/create-app.ts';
import { handleErrors } from '../http/error-handling.ts';
import type { Logger } from '../logging/logger.ts';
import type { Storage } from '../storage/storage.ts';
import {
  choosePublicLanguage,
  intakeCss,
  renderIntakePage,
  renderPublicErrorPage,
} from './intake-page.ts';

/**
 * No script may run and nothing may load from elsewhere: the page must be safe in
 * Tor Browser's "Safest" mode and give a network observer nothing to correlate.
 */
const publicCsp = {
  'default-src': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'form-action': ["'self'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
};

const PageQuery = z.object({ lang: z.enum(['en', 'ru']).optional() });

/** The public listener: the anonymous intake, and nothing else. */
export async function createPublicApp(logger: Logger, storage: Storage): Promise<FastifyInstance> {
  const app = await createApp({
    listener: 'public',
    logger,
    bodyLimit: 256 * 1024,
    contentSecurityPolicy: publicCsp,
  });
  handleErrors(app, {
    renderPage: (request, _status, code) =>
      renderPublicErrorPage(
        choosePublicLanguage(
          (request.query as { lang?: unknown } | undefined)?.lang,
          request.headers['accept-language'],
        ),
        code,
      ),
  });
  registerHealthRoutes(app, 'public', storage);

  app.get('/', { schema: { querystring: PageQuery } }, async (request, reply) => {
    const lang = choosePublicLanguage(
      (request.query as z.infer<typeof PageQuery>).lang,
      request.headers['accept-language'],
    );
    reply.header('vary', 'accept-language');
    reply.header('content-language', lang);
    return reply.type('text/html; charset=utf-8').send(renderIntakePage(lang));
  });

  app.get('/intake.css', async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(intakeCss),
  );
  return app;
}
