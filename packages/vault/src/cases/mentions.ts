import {
  type CaseMemberSchema,
  listCaseMembersRoute,
  listMentionsRoute,
  type MentionSchema,
  markMentionsReadRoute,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';

export type Mention = z.infer<typeof MentionSchema>;
export type CaseMember = z.infer<typeof CaseMemberSchema>;

/**
 * The member's newest mentions (case, note, author, time), of notes they can still read;
 * the text is read by opening the case. `unread` counts every unread one.
 */
export async function listMentions(
  session: MemberSession,
  options: { readonly unreadOnly?: boolean } = {},
): Promise<{ mentions: Mention[]; unread: number }> {
  return session.api.call(listMentionsRoute, {
    query: options.unreadOnly ? { unread: 'true' } : {},
  });
}

/** Marks mentions read. @returns how many were marked, and how many stay unread */
export async function markMentionsRead(
  session: MemberSession,
  mentions: readonly { readonly caseId: string; readonly seq: number }[],
): Promise<{ marked: number; unread: number }> {
  if (mentions.length === 0) {
    return { marked: 0, unread: (await listMentions(session, { unreadOnly: true })).unread };
  }
  return session.api.call(markMentionsReadRoute, {
    body: { mentions: mentions.map(({ caseId, seq }) => ({ caseId, seq })) },
  });
}

/** Everyone who can read some part of a case, with the parts. */
export async function listCaseMembers(
  session: MemberSession,
  caseId: string,
): Promise<CaseMember[]> {
  return (await session.api.call(listCaseMembersRoute, { params: { caseId } })).members;
}

/**
 * Whom a note on this case can mention: members who can read its notes (`general`),
 * the author left out. The server checks the same when the note is written.
 */
export async function mentionableMembers(
  session: MemberSession,
  caseId: string,
): Promise<CaseMember[]> {
  const members = await listCaseMembers(session, caseId);
  return members.filter(
    (member) => member.compartments.includes('general') && member.accountId !== session.account.id,
  );
}
