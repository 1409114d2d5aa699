import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { registerAlertRoutes } from '../alerts/alert-routes.ts';
import { registerAttachmentRoutes } from '../attachments/attachment-routes.ts';
import type { BlobStore } from '../attachments/blob-store.ts';
import { registerAuthRoutes } from '../auth/auth-routes.ts';
import type { AuthDeps } from '../auth/registration.ts';
import { registerSecurityKeyRoutes } from '../auth/security-key-routes.ts';
import { registerCaseRoutes } from '../cases/case-routes.ts';
import { registerCheckinRoutes } from '../checkins/checkin-routes.ts';
import { registerFundsRoutes } from '../funds/funds-routes.ts';
import { registerHealthRoutes } from '../health/health-routes.ts';
import { createApp } from '../http/create-app.ts';
import { errorBody, handleErrors } from '../http/error-handling.ts';
import { registerIntakeFileRoutes } from '../intake/attachments/intake-file-routes.ts';
import type { IntakeFileStore } from '../intake/attachments/intake-file-store.ts';
import { registerStaffInboxRoutes } from '../intake/staff-inbox-routes.ts';
import type { Logger } from '../logging/logger.ts';
import { registerMentionRoutes } from '../mentions/mention-routes.ts';
import { registerPartnerRoutes } from '../partners/partner-routes.ts';
import { registerReferralRoutes } from '../referrals/referral-routes.ts';
import { registerReferrerRoutes } from '../referrers/referrer-routes.ts';
import { registerShelterRoutes } from '../shelters/shelter-routes.ts';
import { registerTeamRoutes } from '../teams/team-routes.ts';
import { registerVerifiedHeadsRoutes } from '../verified-heads/verified-heads-routes.ts';
import { registerVocabularyRoutes } from '../vocabularies/vocabulary-routes.ts';

const staffCsp = {
  'default-src': ["'self'"],
  // libsodium and OPAQUE are WebAssembly; compiling it needs this, and nothing else is eval'd.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/** Paths that belong to the API: never answered with the web app's page. */
const isApiPath = (url: string) =>
  url.startsWith('/api/') || url === '/api' || url.startsWith('/healthz');

/**
 * The staff listener: the API under `/api` and the built web app everywhere else
 * (any unknown non-API path gets the app's page, so its own router can answer).
 */
export async function createStaffApp(
  logger: Logger,
  auth: AuthDeps,
  webDistDir: string,
  blobs: BlobStore,
  intakeFiles: IntakeFileStore,
): Promise<FastifyInstance> {
  const { storage } = auth;
  const app = await createApp({
    listener: 'staff',
    logger,
    bodyLimit: 1024 * 1024,
    contentSecurityPolicy: staffCsp,
  });
  registerHealthRoutes(app, 'staff', storage);
  registerAuthRoutes(app, auth);
  registerSecurityKeyRoutes(app, auth);
  registerCaseRoutes(app, auth);
  registerMentionRoutes(app, auth);
  registerVerifiedHeadsRoutes(app, auth);
  registerAttachmentRoutes(app, auth, blobs);
  registerTeamRoutes(app, auth);
  registerStaffInboxRoutes(app, auth);
  registerIntakeFileRoutes(app, auth, intakeFiles);
  registerReferrerRoutes(app, auth);
  registerCheckinRoutes(app, auth);
  registerAlertRoutes(app, auth);
  registerShelterRoutes(app, auth);
  registerPartnerRoutes(app, auth);
  registerReferralRoutes(app, auth);
  registerFundsRoutes(app, auth);
  registerVocabularyRoutes(app, auth);

  const indexHtml = join(webDistDir, 'index.html');
  if (existsSync(indexHtml)) {
    handleErrors(app, {
      notFound: (request, reply) => {
        if (isApiPath(request.url) || request.method !== 'GET') {
          return reply.code(404).send(errorBody('not_found'));
        }
        return reply.header('cache-control', 'no-store').sendFile('index.html');
      },
    });
    await app.register(fastifyStatic, {
      root: webDistDir,
      index: ['index.html'],
      wildcard: false,
      // Hashed file names under /assets never change; the page itself must not be cached.
      setHeaders: (res, path) => {
        res.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
        );
      },
    });
  } else {
    handleErrors(app);
    logger.warn({ webDistDir }, 'the web app is not built; run `npm run build -w @corridor/web`');
    app.get('/', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The Corridor web app is not built. Run `npm run build -w @corridor/web`, or `npm start`, which builds it.\n',
        ),
    );
  }
  return app;
}
