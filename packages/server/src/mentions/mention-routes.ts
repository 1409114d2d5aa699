import { listCaseMembersRoute, listMentionsRoute, markMentionsReadRoute } from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate } from '../auth/session-guard.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { listCaseMembers, listMentions, markMentionsRead } from './mention-service.ts';

/**
 * Mentions in notes: each member lists and marks their own; whom a note may mention is
 * listed to those who can read the case. Every route needs a session.
 */
export function registerMentionRoutes(app: FastifyInstance, { storage, clock }: AuthDeps): void {
  const now = () => clock().toISOString();

  registerRoute(app, listMentionsRoute, async ({ query, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, await listMentions(storage, caller, query, now()));
  });

  registerRoute(app, markMentionsReadRoute, async ({ body, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, await markMentionsRead(storage, caller, body, now()));
  });

  registerRoute(app, listCaseMembersRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, {
      members: await listCaseMembers(storage, caller, params.caseId, now()),
    });
  });
}
