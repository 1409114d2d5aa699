import { Done } from '../auth/auth-schemas.ts';
import { defineRoute } from '../routes/route.ts';
import {
  AddInboxKeyBody,
  ConversationDetail,
  ConversationList,
  ConversationParams,
  InboxView,
  ListConversationsQuery,
  ReplyAccepted,
  ReplyBody,
  SetInboxTeamBody,
  TriageBody,
} from './intake-schemas.ts';

export const getInboxRoute = defineRoute({
  id: 'getInbox',
  method: 'get',
  path: '/api/intake/inbox',
  listeners: ['staff'],
  summary: "Which team answers the hotline and, for its members, the inbox's sealed keys.",
  responses: { 200: InboxView },
});

export const setInboxTeamRoute = defineRoute({
  id: 'setInboxTeam',
  method: 'put',
  path: '/api/intake/inbox/team',
  listeners: ['staff'],
  summary:
    'An administrator (or, while none is chosen, a member of it) chooses the team that answers the hotline.',
  body: SetInboxTeamBody,
  responses: { 200: Done },
});

export const addInboxKeyRoute = defineRoute({
  id: 'addInboxKey',
  method: 'post',
  path: '/api/intake/inbox/keys',
  listeners: ['staff'],
  summary:
    "A hotline team member's browser adds the next inbox key pair, its secret sealed to the team's current key.",
  body: AddInboxKeyBody,
  responses: { 200: Done },
});

export const listConversationsRoute = defineRoute({
  id: 'listConversations',
  method: 'get',
  path: '/api/intake/conversations',
  listeners: ['staff'],
  summary: 'Conversations of the hotline inbox, newest first, with unread counts; no content.',
  query: ListConversationsQuery,
  responses: { 200: ConversationList },
});

export const getConversationRoute = defineRoute({
  id: 'getConversation',
  method: 'get',
  path: '/api/intake/conversations/:conversationId',
  listeners: ['staff'],
  summary: "A conversation's sealed messages; marks it read for the caller.",
  params: ConversationParams,
  responses: { 200: ConversationDetail },
});

export const replyToConversationRoute = defineRoute({
  id: 'replyToConversation',
  method: 'post',
  path: '/api/intake/conversations/:conversationId/replies',
  listeners: ['staff'],
  summary: 'A reply, sealed in the browser to the inbox and to the channel.',
  params: ConversationParams,
  body: ReplyBody,
  responses: { 201: ReplyAccepted },
});

export const triageConversationRoute = defineRoute({
  id: 'triageConversation',
  method: 'post',
  path: '/api/intake/conversations/:conversationId/triage',
  listeners: ['staff'],
  summary: 'Marks a conversation open, spam or closed, or links it to a case the caller can read.',
  params: ConversationParams,
  body: TriageBody,
  responses: { 200: Done },
});

export const intakeRoutes = [
  getInboxRoute,
  setInboxTeamRoute,
  addInboxKeyRoute,
  listConversationsRoute,
  getConversationRoute,
  replyToConversationRoute,
  triageConversationRoute,
] as const;
