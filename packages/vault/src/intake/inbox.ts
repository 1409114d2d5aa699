import {
  asBoxPublicKey,
  asSignPublicKey,
  type BoxKeyPair,
  CryptoError,
  fromBase64,
  fromUtf8,
  generateBoxKeyPair,
  openSealed,
  openSealedBoxSecretKey,
  sealBoxSecretKey,
  sealTo,
  sign,
  toBase64,
  utf8,
  verify,
} from '@corridor/crypto';
import {
  addInboxKeyRoute,
  type ConversationDetail,
  type ConversationList,
  type ConversationStatus,
  getAccountKeysRoute,
  getConversationRoute,
  getInboxRoute,
  type InboxView,
  inboxKeyStatement,
  listConversationsRoute,
  maxIntakeMessageBytes,
  replyToConversationRoute,
  setInboxTeamRoute,
  triageConversationRoute,
} from '@corridor/protocol';
import type { z } from 'zod';
import type { MemberSession } from '../auth/log-in.ts';
import type { TeamKeyring } from '../cases/case-keys.ts';
import { createCase, type DirectoryTeam, type NewCase } from '../cases/cases.ts';
import { channelPlaintext } from './email-reply.ts';
import { type IntakeFile, openIntakeFileRecord } from './intake-files.ts';

/**
 * The hotline inbox in the member's browser: its key pair made here and sealed to the
 * hotline team's key; messages opened here, replies sealed here. The server only ever
 * holds ciphertext of them (docs/protocol/v1.md, "Intake").
 */
export type Inbox = z.infer<typeof InboxView>;
export type ConversationSummary = z.infer<typeof ConversationList>['conversations'][number];

/** Inbox key version → key pair, each opened through the team keyring and its signature checked. */
export type InboxKeys = Map<number, BoxKeyPair>;

const sealPurpose = (teamId: string, version: number) => `inbox:${teamId}:v${version}`;

export const getInbox = (session: MemberSession): Promise<Inbox> => session.api.call(getInboxRoute);

/** An administrator (or the first hotline member) chooses the team that answers the hotline. */
export async function chooseHotlineTeam(session: MemberSession, teamId: string): Promise<void> {
  await session.api.call(setInboxTeamRoute, { body: { teamId } });
}

/**
 * Makes the inbox's next key pair when there is none yet, or when the team's key has
 * rotated since the newest (a member left): what arrives from then on is sealed to a key
 * the one who left never held. Older versions stay reachable through the team's key
 * chain. Returns whether a key was made.
 */
export async function ensureInboxKey(
  session: MemberSession,
  ring: TeamKeyring,
  inbox?: Inbox,
): Promise<boolean> {
  const current = inbox ?? (await getInbox(session));
  if (!current.teamId || !current.member) return false;
  const teamKeys = ring.get(current.teamId);
  const teamVersion = teamKeys ? Math.max(0, ...teamKeys.keys()) : 0;
  const teamKey = teamKeys?.get(teamVersion);
  if (!teamKey) return false;
  if (current.keyVersion > 0 && current.teamKeyVersion >= teamVersion) return false;
  const pair = generateBoxKeyPair();
  const version = current.keyVersion + 1;
  const key = {
    version,
    boxPublicKey: toBase64(pair.publicKey),
    teamKeyVersion: teamVersion,
    sealedSecretKey: toBase64(
      sealBoxSecretKey(teamKey.publicKey, pair.secretKey, sealPurpose(current.teamId, version)),
    ),
  };
  const signature = toBase64(
    sign(session.keys.sign.secretKey, 'inbox-key', utf8(inboxKeyStatement(current.teamId, key))),
  );
  await session.api.call(addInboxKeyRoute, { body: { ...key, signature } });
  return true;
}

/**
 * Every inbox key version the member can open: each signed by the hotline member who
 * made it, sealed to a team key version the member holds, and matching its public key.
 * @throws CryptoError `invalid_signature` for a key not signed by its maker.
 */
export async function openInboxKeys(
  session: MemberSession,
  ring: TeamKeyring,
  inbox: Inbox,
): Promise<InboxKeys> {
  const keys: InboxKeys = new Map();
  if (!inbox.teamId) return keys;
  const signers = new Map<string, Uint8Array>();
  for (const key of inbox.keys) {
    let signer = signers.get(key.createdBy);
    if (!signer) {
      const account = await session.api.call(getAccountKeysRoute, {
        params: { accountId: key.createdBy },
      });
      signer = fromBase64(account.signPublicKey);
      signers.set(key.createdBy, signer);
    }
    if (
      !verify(
        asSignPublicKey(signer),
        'inbox-key',
        utf8(inboxKeyStatement(inbox.teamId, key)),
        fromBase64(key.signature),
      )
    ) {
      throw new CryptoError(
        'invalid_signature',
        `inbox key v${key.version} is not signed by its maker`,
      );
    }
    const teamKey = ring.get(inbox.teamId)?.get(key.teamKeyVersion);
    if (!teamKey) continue;
    keys.set(
      key.version,
      openSealedBoxSecretKey(
        teamKey,
        fromBase64(key.sealedSecretKey),
        sealPurpose(inbox.teamId, key.version),
        asBoxPublicKey(fromBase64(key.boxPublicKey)),
      ),
    );
  }
  return keys;
}

export async function listConversations(
  session: MemberSession,
  status?: ConversationStatus,
): Promise<z.infer<typeof ConversationList>> {
  return session.api.call(listConversationsRoute, { query: status ? { status } : {} });
}

export interface OpenedMessage {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly at: string;
  readonly authorId: string | null;
  /** The text, or null when it does not open (a key this member does not hold, or changed bytes). */
  readonly text: string | null;
  /** Files that came with it (inbound Telegram and e-mail): `openIntakeFile` downloads one. */
  readonly attachments: readonly IntakeFile[];
}

export interface ConversationView {
  readonly conversation: ConversationSummary;
  readonly replyPublicKey: string | null;
  readonly messages: readonly OpenedMessage[];
}

export function openMessages(
  detail: z.infer<typeof ConversationDetail>,
  keys: InboxKeys,
): ConversationView {
  return {
    conversation: detail.conversation,
    replyPublicKey: detail.replyPublicKey,
    messages: detail.messages.map((m) => {
      const key = keys.get(m.inboxKeyVersion);
      let text: string | null = null;
      if (key) {
        try {
          text = fromUtf8(openSealed(key, fromBase64(m.body)));
        } catch {
          text = null;
        }
      }
      const attachments = (m.attachments ?? []).map((a) => ({
        id: a.id,
        conversationId: detail.conversation.id,
        storedBytes: a.bytes,
        record: openIntakeFileRecord(key, a.sealed),
      }));
      return {
        id: m.id,
        direction: m.direction,
        at: m.at,
        authorId: m.authorId,
        text,
        attachments,
      };
    }),
  };
}

/** Fetches a conversation (marking it read for this member) and opens its messages here. */
export async function openConversation(
  session: MemberSession,
  keys: InboxKeys,
  conversationId: string,
): Promise<ConversationView> {
  const detail = await session.api.call(getConversationRoute, { params: { conversationId } });
  return openMessages(detail, keys);
}

/**
 * Replies through the conversation's channel: sealed to the channel's key (the web
 * applicant's receipt code) and to the newest inbox key, so the team keeps the history.
 */
export async function replyToConversation(
  session: MemberSession,
  inbox: Inbox,
  view: ConversationView,
  text: string,
): Promise<{ messageId: string; at: string }> {
  const newest = inbox.keys.at(-1);
  if (!newest) throw new CryptoError('invalid_key', 'the inbox has no key yet');
  if (!view.replyPublicKey)
    throw new CryptoError('invalid_key', 'this conversation takes no replies yet');
  const bytes = utf8(text);
  if (bytes.length === 0 || bytes.length > maxIntakeMessageBytes) {
    throw new RangeError(`a reply is 1 to ${maxIntakeMessageBytes} bytes of UTF-8`);
  }
  return session.api.call(replyToConversationRoute, {
    params: { conversationId: view.conversation.id },
    body: {
      inboxKeyVersion: newest.version,
      inboxCopy: toBase64(sealTo(asBoxPublicKey(fromBase64(newest.boxPublicKey)), bytes)),
      channelCopy: toBase64(
        sealTo(asBoxPublicKey(fromBase64(view.replyPublicKey)), channelPlaintext(view, text)),
      ),
    },
  });
}

export async function markConversation(
  session: MemberSession,
  conversationId: string,
  status: 'open' | 'spam' | 'closed',
): Promise<void> {
  await session.api.call(triageConversationRoute, {
    params: { conversationId },
    body: { status },
  });
}

export async function linkConversation(
  session: MemberSession,
  conversationId: string,
  caseId: string,
): Promise<void> {
  await session.api.call(triageConversationRoute, {
    params: { conversationId },
    body: { status: 'linked', caseId },
  });
}

/**
 * Opens a case from a conversation and links the two: the applicant's messages go into
 * the case's `situation` part as its first record, re-encrypted under the case's key.
 */
export async function openCaseFromConversation(
  session: MemberSession,
  directory: readonly DirectoryTeam[],
  view: ConversationView,
  input: NewCase,
): Promise<string> {
  const told = view.messages
    .filter((m) => m.direction === 'inbound' && m.text !== null)
    .map((m) => `${m.at}\n${m.text}`)
    .join('\n\n');
  const caseId = await createCase(session, directory, {
    ...input,
    details: {
      ...input.details,
      ...(told ? { situation: { ...input.details?.situation, intake: told } } : {}),
    },
  });
  await linkConversation(session, view.conversation.id, caseId);
  return caseId;
}
