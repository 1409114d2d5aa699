import {
  getVerifiedHeadsRoute,
  maxVerifiedHeadsBytes,
  putVerifiedHeadsRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate } from '../auth/session-guard.ts';
import { ApiFailure } from '../http/error-handling.ts';
import { registerRoute, respond } from '../http/register-route.ts';

/**
 * Each member's own verified heads: saved and read back by that member only. The server
 * cannot check the signature usefully (it would trust its own copy of the key) and has
 * no use for the content; the member's browser checks both when it reads them back.
 */
export function registerVerifiedHeadsRoutes(
  app: FastifyInstance,
  { storage, clock }: AuthDeps,
): void {
  registerRoute(app, getVerifiedHeadsRoute, async ({ request }) => {
    const caller = await authenticate(request, storage, clock);
    const row = await storage.db
      .selectFrom('verified_heads')
      .select(['statement', 'signature'])
      .where('account_id', '=', caller.accountId)
      .executeTakeFirst();
    if (!row) throw new ApiFailure('not_found');
    return respond(200, row);
  });

  registerRoute(
    app,
    putVerifiedHeadsRoute,
    async ({ body, request }) => {
      const caller = await authenticate(request, storage, clock);
      const savedAt = clock().toISOString();
      const row = { statement: body.statement, signature: body.signature, saved_at: savedAt };
      await storage.db
        .insertInto('verified_heads')
        .values({ account_id: caller.accountId, ...row })
        .onConflict((conflict) => conflict.column('account_id').doUpdateSet(row))
        .execute();
      return respond(200, { savedAt });
    },
    // JSON-escaped statement plus the rest of the body.
    { bodyLimit: 2 * maxVerifiedHeadsBytes },
  );
}
