import { BinaryContent } from '../attachments/attachment-schemas.ts';
import { Done } from '../auth/auth-schemas.ts';
import { ApiErrorSchema } from '../errors/error-codes.ts';
import { defineRoute } from '../routes/route.ts';
import {
  AddInboxKeyBody,
  ConversationDetail,
  ConversationList,
  ConversationParams,
  HandOverBody,
  HandoverAnswerBody,
  HandoverParams,
  HandoverStarted,
  HandoverTargets,
  InboxCounts,
  InboxView,
  IntakeAttachmentParams,
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

export const inboxCountsRoute = defineRoute({
  id: 'inboxCounts',
  method: 'get',
  path: '/api/intake/counts',
  listeners: ['staff'],
  summary: 'Unread inbound messages and hand-overs waiting for the caller, for the navigation.',
  responses: { 200: InboxCounts },
});

export const handoverTargetsRoute = defineRoute({
  id: 'handoverTargets',
  method: 'get',
  path: '/api/intake/handover-targets',
  listeners: ['staff'],
  summary: 'Whom a conversation can be handed to, and how long a hand-over waits.',
  responses: { 200: HandoverTargets },
});

export const handOverConversationRoute = defineRoute({
  id: 'handOverConversation',
  method: 'post',
  path: '/api/intake/conversations/:conversationId/handover',
  listeners: ['staff'],
  summary:
    'Hands a conversation (and the case linked to it) to another operator or a team queue; it returns to the caller if declined or not taken in time.',
  params: ConversationParams,
  body: HandOverBody,
  responses: { 201: HandoverStarted },
});

export const answerHandoverRoute = defineRoute({
  id: 'answerHandover',
  method: 'post',
  path: '/api/intake/handovers/:handoverId/answer',
  listeners: ['staff'],
  summary:
    'The receiver accepts or declines a hand-over; the one who handed it may decline it to take it back.',
  params: HandoverParams,
  body: HandoverAnswerBody,
  responses: { 200: Done },
});

export const downloadIntakeAttachmentRoute = defineRoute({
  id: 'downloadIntakeAttachment',
  method: 'get',
  path: '/api/intake/conversations/:conversationId/attachments/:attachmentId',
  listeners: ['staff'],
  summary:
    'The ciphertext of a file that came with an inbound message, streamed, to hotline members; one `Range: bytes=` range (RFC 9110 §14) gets 206. Recorded in the audit log.',
  params: IntakeAttachmentParams,
  responseContent: 'binary',
  responses: { 200: BinaryContent, 206: BinaryContent, 416: ApiErrorSchema },
});

export const intakeRoutes = [
  getInboxRoute,
  setInboxTeamRoute,
  addInboxKeyRoute,
  listConversationsRoute,
  getConversationRoute,
  replyToConversationRoute,
  triageConversationRoute,
  inboxCountsRoute,
  handoverTargetsRoute,
  handOverConversationRoute,
  answerHandoverRoute,
  downloadIntakeAttachmentRoute,
] as const;
