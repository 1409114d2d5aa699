import { deriveSubkey, toHex } from '@corridor/crypto';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../auth/clock.ts';
import { registerHealthRoutes } from '../health/health-routes.ts';
import { createApp } from '../http/create-app.ts';
import { handleErrors } from '../http/error-handling.ts';
import {
  createIntakeLimiter,
  defaultPublicIntakeLimits,
  type PublicIntakeLimits,
} from '../intake/intake-limits.ts';
import { createProofOfWork } from '../intake/proof-of-work.ts';
import { receiptServerKey } from '../intake/receipts.ts';
import { registerWebForm } from '../intake/web-form-routes.ts';
import type { Logger } from '../logging/logger.ts';
import { registerReferralResponsePage } from '../referrals/referral-response-page.ts';
import type { ServerSecrets } from '../secrets/server-secrets.ts';
import type { Storage } from '../storage/storage.ts';
import {
  choosePublicLanguage,
  intakeCss,
  intakeScript,
  renderPublicErrorPage,
} from './intake-page.ts';

/**
 * Nothing may load from elsewhere, and the one script is our own file: no inline
 * script, no eval. The page works without it (Tor Browser's "Safest" mode), and gives a
 * network observer nothing to correlate.
 */
const publicCsp = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'form-action': ["'self'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export interface PublicAppDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly secrets: ServerSecrets;
  readonly limits?: PublicIntakeLimits;
}

/** The public listener: the anonymous intake, and nothing else. */
export async function createPublicApp(
  logger: Logger,
  deps: PublicAppDeps,
): Promise<FastifyInstance> {
  const { storage } = deps;
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
  registerWebForm(app, {
    storage,
    clock: deps.clock,
    // A key of its own, so a leaked challenge key says nothing of the sealing key.
    proofOfWork: createProofOfWork(toHex(deriveSubkey(deps.secrets.sealingKey, 'altchapw'))),
    limiter: createIntakeLimiter(deps.limits ?? defaultPublicIntakeLimits),
    receiptKey: receiptServerKey(deps.secrets),
  });
  // After the web form, whose strict form parser it shares.
  registerReferralResponsePage(app, { storage, clock: deps.clock });

  app.get('/intake.css', async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(intakeCss),
  );
  app.get('/intake.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(intakeScript),
  );
  return app;
}
