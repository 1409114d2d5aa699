import { z } from 'zod';
import { HandleSchema } from '../auth/auth-schemas.ts';
import { AccountIdSchema, CaseIdSchema } from '../cases/case-schemas.ts';
import { CompartmentSchema } from '../cases/workflow.ts';

/**
 * One mention of the caller: where (case and event) and by whom, when. No content: the
 * note stays in its encrypted event, read by opening the case.
 */
export const MentionSchema = z
  .object({
    caseId: CaseIdSchema,
    /** The `note.added` event that mentions the caller. */
    seq: z.number().int().min(1),
    authorId: AccountIdSchema,
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Mention' });

/** The newest mentions the list returns: recent ones, not an archive. */
export const maxMentionsListed = 100;

export const MentionListQuery = z.object({
  /** Only mentions not yet marked read. */
  unread: z.enum(['true']).optional(),
});

export const MentionList = z.object({
  /** Newest first, only of cases whose note the caller can still read. */
  mentions: z.array(MentionSchema).max(maxMentionsListed),
  /** How many of those (not only the ones listed) are unread. */
  unread: z.number().int().min(0),
});

export const MarkMentionsReadBody = z.object({
  mentions: z
    .array(z.object({ caseId: CaseIdSchema, seq: z.number().int().min(1) }))
    .min(1)
    .max(maxMentionsListed),
});

export const MentionsMarked = z.object({
  /** How many were unread and are now read. */
  marked: z.number().int().min(0),
  unread: z.number().int().min(0),
});

/** A member who can read some of a case, and which parts: whom a note can mention. */
export const CaseMemberSchema = z.object({
  accountId: AccountIdSchema,
  handle: HandleSchema,
  compartments: z.array(CompartmentSchema).min(1).max(5),
});

export const CaseMemberList = z.object({ members: z.array(CaseMemberSchema).max(5_000) });
