import {
  answerHandoverRoute,
  type HandOverBody,
  type HandoverTargets,
  handOverConversationRoute,
  handoverTargetsRoute,
  type InboxCounts,
  inboxCountsRoute,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';

/**
 * Hand-over of a hotline conversation (and the case opened from it) to another operator
 * or a team's queue. The server keeps only who offered it to whom, when, and the
 * deadline after which it returns to its owner; nothing of the conversation moves.
 */
export type HandoverTarget = z.infer<typeof HandOverBody>;
export type HandoverChoices = z.infer<typeof HandoverTargets>;

/** Unread messages and hand-overs waiting for this member (404 outside the hotline team). */
export const inboxCounts = (session: MemberSession): Promise<z.infer<typeof InboxCounts>> =>
  session.api.call(inboxCountsRoute);

export const handoverTargets = (session: MemberSession): Promise<HandoverChoices> =>
  session.api.call(handoverTargetsRoute);

export const handOverConversation = (
  session: MemberSession,
  conversationId: string,
  to: HandoverTarget,
): Promise<{ handoverId: string; deadline: string }> =>
  session.api.call(handOverConversationRoute, { params: { conversationId }, body: to });

/** Accept or decline one offered to this member; declining one's own offer takes it back. */
export async function answerHandover(
  session: MemberSession,
  handoverId: string,
  answer: 'accept' | 'decline',
): Promise<void> {
  await session.api.call(answerHandoverRoute, { params: { handoverId }, body: { answer } });
}
