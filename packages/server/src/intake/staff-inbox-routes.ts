import {
  addInboxKeyRoute,
  answerHandoverRoute,
  getConversationRoute,
  getInboxRoute,
  handOverConversationRoute,
  handoverTargetsRoute,
  inboxCountsRoute,
  listConversationsRoute,
  replyToConversationRoute,
  setInboxTeamRoute,
  triageConversationRoute,
} from '@corridor/protocol';
import type { FastifyInstance } from 'fastify';
import { audit } from '../audit/audit-log.ts';
import type { AuthDeps } from '../auth/registration.ts';
import { authenticate, requireRecentAuthentication } from '../auth/session-guard.ts';
import { registerRoute, respond } from '../http/register-route.ts';
import { recordOutbound } from './channel-api.ts';
import {
  answerHandover,
  defaultHandoverTimeoutMinutes,
  handOver,
  handoverTargets,
} from './handover.ts';
import { addInboxKey, getInbox, setInboxTeam } from './inbox.ts';
import {
  getConversation,
  inboxCounts,
  listConversations,
  requireConversation,
  triageConversation,
} from './staff-inbox.ts';

/** The hotline inbox for staff: only members of the team that answers it see conversations. */
export function registerStaffInboxRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { storage, clock } = deps;
  const timeoutMinutes = deps.handoverTimeoutMinutes ?? defaultHandoverTimeoutMinutes;
  registerRoute(app, getInboxRoute, async ({ request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, await getInbox(storage.db, caller));
  });

  registerRoute(app, setInboxTeamRoute, async ({ body, request }) => {
    const caller = await authenticate(request, storage, clock);
    requireRecentAuthentication(caller, clock);
    await setInboxTeam(storage, clock, caller, body.teamId);
    return respond(200, { ok: true as const });
  });

  registerRoute(app, addInboxKeyRoute, async ({ body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await addInboxKey(storage, clock, caller, body);
    return respond(200, { ok: true as const });
  });

  registerRoute(app, listConversationsRoute, async ({ query, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, await listConversations(storage, clock, caller, query.status));
  });

  registerRoute(app, getConversationRoute, async ({ params, request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, await getConversation(storage, clock, caller, params.conversationId));
  });

  registerRoute(app, replyToConversationRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await requireConversation(storage, clock, caller, params.conversationId);
    const accepted = await recordOutbound(
      { storage, clock },
      {
        conversationId: params.conversationId,
        authorId: caller.accountId,
        inboxKeyVersion: body.inboxKeyVersion,
        inboxCopy: body.inboxCopy,
        channelCopy: body.channelCopy,
      },
    );
    await audit(
      storage.db,
      caller.accountId,
      'intake.write',
      null,
      accepted.at,
      params.conversationId,
    );
    return respond(201, accepted);
  });

  registerRoute(app, triageConversationRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await triageConversation(storage, clock, caller, params.conversationId, body);
    return respond(200, { ok: true as const });
  });

  registerRoute(app, inboxCountsRoute, async ({ request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, await inboxCounts(storage, clock, caller));
  });

  registerRoute(app, handoverTargetsRoute, async ({ request }) => {
    const caller = await authenticate(request, storage, clock);
    return respond(200, await handoverTargets(storage, caller, timeoutMinutes));
  });

  registerRoute(app, handOverConversationRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await requireConversation(storage, clock, caller, params.conversationId);
    const started = await handOver(
      storage,
      clock,
      caller,
      params.conversationId,
      body,
      timeoutMinutes,
    );
    return respond(201, started);
  });

  registerRoute(app, answerHandoverRoute, async ({ params, body, request }) => {
    const caller = await authenticate(request, storage, clock);
    await requireConversation(storage, clock, caller, params.handoverId);
    await answerHandover(storage, clock, caller, params.handoverId, body.answer);
    return respond(200, { ok: true as const });
  });
}
