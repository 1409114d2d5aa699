import { z } from 'zod';
import { HandleSchema } from '../auth/auth-schemas.ts';
import { base64Url } from '../common/base64-url.ts';
import { TeamNameSchema } from '../teams/team-schemas.ts';

/**
 * The hotline inbox: conversations with applicants over a channel, each message sealed
 * on arrival to the inbox's public key (docs/protocol/v1.md, "Intake"). Only what the
 * server may know travels in the clear here: ids, channel, status, times, counts.
 */

const id = z.string().min(1).max(64);
const publicKey = base64Url(44);
/** An X25519 secret key sealed to a team key (sealed key, kind 0x10). */
const sealedKey = base64Url(200);
const signature = base64Url(88);
const isoTime = z.string().max(40);

/** The most bytes of UTF-8 one message may carry before it is sealed. */
export const maxIntakeMessageBytes = 16 * 1024;
/** The most characters the web form takes in one message (≤ maxIntakeMessageBytes in UTF-8). */
export const maxIntakeMessageChars = 4000;
/** Envelope (2) + sealed-box overhead (48) + plaintext, as base64 without padding. */
const sealedMessage = base64Url(Math.ceil(((maxIntakeMessageBytes + 50) * 4) / 3));

export const ChannelSchema = z.enum(['web', 'telegram', 'email']);
export type Channel = z.infer<typeof ChannelSchema>;

export const ConversationStatusSchema = z.enum(['new', 'open', 'spam', 'linked', 'closed']);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;

/** One version of the inbox key pair: its secret sealed to the hotline team's key. */
export const InboxKeySchema = z.object({
  version: z.number().int().min(1),
  boxPublicKey: publicKey,
  teamKeyVersion: z.number().int().min(1),
  sealedSecretKey: sealedKey,
  createdBy: id,
  /** Ed25519 by `createdBy` over `inboxKeyStatement` (purpose `inbox-key`). */
  signature,
});

export const InboxView = z.object({
  /** The team that answers the hotline, or null until an administrator chooses one. */
  teamId: id.nullable(),
  /** Whether the caller is in that team (only then are keys listed). */
  member: z.boolean(),
  /** The version new messages are sealed to; 0 before the first key. */
  keyVersion: z.number().int().min(0),
  /** The team's key version the newest inbox key is sealed to; behind the team's after a rotation. */
  teamKeyVersion: z.number().int().min(0),
  keys: z.array(InboxKeySchema).max(1000),
});

export const SetInboxTeamBody = z.object({ teamId: id });

export const AddInboxKeyBody = InboxKeySchema.omit({ createdBy: true });

export const ConversationParams = z.object({ conversationId: id });

/** A hand-over still waiting for its receiver; it returns to `fromId` when declined or at `deadline`. */
export const HandoverSchema = z.object({
  id,
  fromId: id,
  /** Exactly one of these is set: an operator, or a team's queue. */
  toAccountId: id.nullable(),
  toTeamId: id.nullable(),
  /** The case linked to the conversation, handed over with it. */
  caseId: id.nullable(),
  createdAt: isoTime,
  deadline: isoTime,
  /** Whether the caller may accept it (the operator named, or a member of the team). */
  forCaller: z.boolean(),
});

export const ConversationSummarySchema = z.object({
  id,
  channel: ChannelSchema,
  status: ConversationStatusSchema,
  caseId: id.nullable(),
  ownerId: id.nullable(),
  createdAt: isoTime,
  lastMessageAt: isoTime,
  messageCount: z.number().int().min(0),
  /** Inbound messages that arrived after the caller last opened the conversation. */
  unread: z.number().int().min(0),
  /**
   * The contact is marked as a suspected infiltrator: by a channel (`suspected_contact`),
   * by a mark on the conversation's routing index, or by the linked case's outcome.
   */
  suspectedContact: z.boolean(),
  /** The case the mark came with, when the mark is by routing index. */
  suspectedCaseId: id.nullable(),
  /** The pending hand-over, if any. */
  handover: HandoverSchema.nullable(),
});

export const ConversationList = z.object({
  conversations: z.array(ConversationSummarySchema).max(500),
  unreadTotal: z.number().int().min(0),
});

/** What the navigation shows: unread inbound messages and hand-overs waiting for the caller. */
export const InboxCounts = z.object({
  unread: z.number().int().min(0),
  handovers: z.number().int().min(0),
});

/** To one operator of the hotline team, or to a team's queue (any of its members in the hotline team). */
export const HandOverBody = z.discriminatedUnion('to', [
  z.object({ to: z.literal('member'), accountId: id }),
  z.object({ to: z.literal('team'), teamId: id }),
]);

export const HandoverParams = z.object({ handoverId: id });

export const HandoverStarted = z.object({ handoverId: id, deadline: isoTime });

export const HandoverAnswerBody = z.object({ answer: z.enum(['accept', 'decline']) });

/** Whom a conversation can be handed to: the other hotline operators, and teams with a queue. */
export const HandoverTargets = z.object({
  members: z.array(z.object({ id, handle: HandleSchema })).max(1000),
  teams: z.array(z.object({ id, name: TeamNameSchema })).max(1000),
  /** Minutes a hand-over waits before it returns to its owner (CORRIDOR_HANDOVER_TIMEOUT_MINUTES). */
  timeoutMinutes: z.number().int().min(1),
});

export const ListConversationsQuery = z.object({
  status: ConversationStatusSchema.optional(),
});

/** The most bytes of one file a channel keeps (before encryption); a larger one gets a notice. */
export const maxIntakeFileBytes = 10 * 1024 * 1024;
/** The most files kept from one inbound message; the rest get a notice. */
export const maxIntakeFilesPerMessage = 4;
/** The most bytes of UTF-8 JSON in a file's sealed record (name, type, size, SHA-256, key). */
export const maxIntakeFileRecordBytes = 2048;

/**
 * A file that came with an inbound message, encrypted on arrival with a key of its own
 * (secretstream). Its record — name, type, size, SHA-256 and that key — is sealed to the
 * same inbox key version as the message; only the ciphertext's size is in the clear.
 */
export const IntakeAttachmentSchema = z.object({
  id,
  sealed: base64Url(Math.ceil(((maxIntakeFileRecordBytes + 50) * 4) / 3)),
  /** Bytes of ciphertext stored. */
  bytes: z.number().int().min(0),
});

export const IntakeMessageSchema = z.object({
  id,
  direction: z.enum(['inbound', 'outbound']),
  /** The inbox key version `body` (and its attachments' records) are sealed to. */
  inboxKeyVersion: z.number().int().min(1),
  body: sealedMessage,
  authorId: id.nullable(),
  at: isoTime,
  /** Files kept with an inbound message; absent or empty when none. */
  attachments: z.array(IntakeAttachmentSchema).max(maxIntakeFilesPerMessage).optional(),
});

/**
 * What an intake file's sealed record holds (UTF-8 JSON, sealed to the inbox key):
 * written by the server on arrival, opened only in a hotline member's browser.
 */
export const IntakeFileRecordSchema = z.object({
  v: z.literal(1),
  name: z.string().min(1).max(255),
  /** The media type the sender's client stated; recorded, never trusted. */
  type: z.string().max(255),
  /** Bytes of the file as it came (nothing removed: the original, hashed at capture). */
  size: z.number().int().min(0),
  /** SHA-256 of the file as it came, lower-case hex; checked on every download. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The file's own secretstream key, URL-safe base64. */
  key: base64Url(43),
});
export type IntakeFileRecord = z.infer<typeof IntakeFileRecordSchema>;

export const IntakeAttachmentParams = z.object({ conversationId: id, attachmentId: id });

export const ConversationDetail = z.object({
  conversation: ConversationSummarySchema,
  /** What a reply's channel copy is sealed to (web: the receipt code's key); null if the channel takes no replies yet. */
  replyPublicKey: publicKey.nullable(),
  messages: z.array(IntakeMessageSchema).max(2000),
});

export const ReplyBody = z.object({
  inboxKeyVersion: z.number().int().min(1),
  /** The reply sealed to the inbox key, so the team keeps the history. */
  inboxCopy: sealedMessage,
  /** The same reply sealed to the conversation's reply key, for the channel to deliver. */
  channelCopy: sealedMessage,
});

export const ReplyAccepted = z.object({ messageId: id, at: isoTime });

export const TriageBody = z.discriminatedUnion('status', [
  z.object({ status: z.enum(['open', 'spam', 'closed']) }),
  z.object({ status: z.literal('linked'), caseId: id }),
]);

/** What the creator of an inbox key signs: which version, to which team key, and the sealed secret. */
export function inboxKeyStatement(
  teamId: string,
  key: Pick<
    z.infer<typeof InboxKeySchema>,
    'version' | 'boxPublicKey' | 'teamKeyVersion' | 'sealedSecretKey'
  >,
): string {
  return JSON.stringify([
    'inbox-key',
    teamId,
    key.version,
    key.teamKeyVersion,
    key.boxPublicKey,
    key.sealedSecretKey,
  ]);
}
