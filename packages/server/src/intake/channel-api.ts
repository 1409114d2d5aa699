import {
  asBoxPublicKey,
  asSymmetricKey,
  type BlindIndexKey,
  blindIndex,
  deriveSubkey,
  fromBase64,
  randomToken,
  sealTo,
  toBase64,
  utf8,
} from '@corridor/crypto';
import {
  type Channel,
  type ConversationStatus,
  maxIntakeFileRecordBytes,
  maxIntakeFilesPerMessage,
  maxIntakeMessageBytes,
} from '@corridor/protocol';
import { sql } from 'kysely';
import type { Clock } from '../auth/clock.ts';
import { ApiFailure } from '../http/error-handling.ts';
import type { ServerSecrets } from '../secrets/server-secrets.ts';
import type { Storage } from '../storage/storage.ts';
import type { KeptFile } from './attachments/intake-files.ts';
import { currentInboxKey } from './inbox.ts';

/**
 * The door every channel (web form, Telegram, e-mail) brings messages through. See
 * README.md beside this file. The plaintext a channel hands in lives only in memory for
 * the call: it is sealed to the inbox's public key before anything is written, and the
 * write is committed (durable) before the call returns, so a channel acknowledges or
 * deletes its copy only after this resolves.
 */
export interface IntakeDeps {
  readonly storage: Storage;
  readonly clock: Clock;
}

/** What the receipt code of a web conversation leaves on the server (see receipts.ts). */
export interface ReceiptRecord {
  readonly lookup: string;
  readonly verifier: string;
}

export interface InboundMessage {
  readonly channel: Channel;
  /**
   * Blind index of the sender's channel identifier (`routingIndexFor`): a message with an
   * index already known joins that conversation. Null starts a new conversation (the web
   * form's first message).
   */
  readonly routingIndex: string | null;
  /** UTF-8 text, at most `maxIntakeMessageBytes`. Not kept: sealed, then dropped. */
  readonly body: Uint8Array;
  /** For a new conversation: what replies are sealed to (web: the receipt code's public key). */
  readonly replyPublicKey?: string | null;
  /** For a new web conversation: the receipt code's lookup value and verifier. */
  readonly receipt?: ReceiptRecord;
  /**
   * Keyed blind index of the source message's identity (e-mail: sender and Message-ID).
   * Recorded in the same transaction, so a message delivered again (a crash after
   * sealing, before the channel deleted its copy) stores nothing and comes back
   * `duplicate`.
   */
  readonly sourceIndex?: string;
  /**
   * Files that came with the message, already encrypted and stored (`keepFile`): their
   * records are sealed to the same inbox key as the body and stored with it. The body
   * may then be empty. On a refusal or a duplicate the caller removes the files.
   */
  readonly attachments?: readonly KeptFile[];
}

export interface AcceptedMessage {
  readonly conversationId: string;
  readonly messageId: string;
  readonly at: string;
  /** True when this message opened a new conversation. */
  readonly created: boolean;
  /** True when `sourceIndex` was stored before: this is that message, nothing new was stored. */
  readonly duplicate?: boolean;
}

/** Refused before anything is stored: no inbox key yet (`unavailable`), or a body out of bounds. */
function checkBody(body: Uint8Array, files = 0): void {
  if ((body.length === 0 && files === 0) || body.length > maxIntakeMessageBytes) {
    throw new ApiFailure(
      body.length > maxIntakeMessageBytes ? 'payload_too_large' : 'invalid_request',
    );
  }
  if (files > maxIntakeFilesPerMessage) throw new ApiFailure('payload_too_large');
}

async function sealForInbox(
  deps: IntakeDeps,
  body: Uint8Array,
  files: readonly KeptFile[] = [],
): Promise<SealedInbound> {
  const key = await currentInboxKey(deps.storage.db);
  if (!key) throw new ApiFailure('unavailable');
  const inboxKey = asBoxPublicKey(fromBase64(key.boxPublicKey));
  return {
    version: key.version,
    sealed: toBase64(sealTo(inboxKey, body)),
    files: files.map((file) => {
      const record = utf8(JSON.stringify(file.record));
      if (record.length > maxIntakeFileRecordBytes) throw new ApiFailure('payload_too_large');
      return { id: file.id, bytes: file.bytes, sealed: toBase64(sealTo(inboxKey, record)) };
    }),
  };
}

interface SealedInbound {
  readonly version: number;
  readonly sealed: string;
  readonly files: readonly { id: string; bytes: number; sealed: string }[];
}

/**
 * Seals and stores an inbound message, in a new conversation or the one its routing
 * index names. All or nothing: a refusal or failure stores nothing.
 * @throws ApiFailure `unavailable` (no inbox key), `invalid_request`, `payload_too_large`.
 */
export async function acceptInbound(
  deps: IntakeDeps,
  message: InboundMessage,
): Promise<AcceptedMessage> {
  checkBody(message.body, message.attachments?.length);
  const sealed = await sealForInbox(deps, message.body, message.attachments);
  const at = deps.clock().toISOString();
  const messageId = randomToken(16);
  return deps.storage.db.transaction().execute(async (trx) => {
    if (message.sourceIndex !== undefined) {
      const seen = await trx
        .selectFrom('intake_source')
        .select(['conversation_id', 'message_id', 'created_at'])
        .where('source_index', '=', message.sourceIndex)
        .executeTakeFirst();
      if (seen) {
        return {
          conversationId: seen.conversation_id,
          messageId: seen.message_id,
          at: seen.created_at,
          created: false,
          duplicate: true,
        };
      }
    }
    let conversationId: string | undefined;
    if (message.routingIndex !== null) {
      const existing = await trx
        .selectFrom('intake_conversation')
        .select('id')
        .where('channel', '=', message.channel)
        .where('routing_index', '=', message.routingIndex)
        .executeTakeFirst();
      conversationId = existing?.id;
    }
    const created = conversationId === undefined;
    if (conversationId === undefined) {
      conversationId = randomToken(16);
      await trx
        .insertInto('intake_conversation')
        .values({
          id: conversationId,
          channel: message.channel,
          routing_index: message.routingIndex,
          receipt_lookup: message.receipt?.lookup ?? null,
          receipt_verifier: message.receipt?.verifier ?? null,
          reply_public_key: message.replyPublicKey ?? null,
          status: 'new',
          case_id: null,
          owner_id: null,
          created_at: at,
          last_message_at: at,
          message_count: 0,
        })
        .execute();
    }
    await insertInbound(trx, conversationId, messageId, sealed, at);
    if (message.sourceIndex !== undefined) {
      // A concurrent import of the same message fails here on the primary key and rolls
      // back whole; the channel retries and then finds it above.
      await trx
        .insertInto('intake_source')
        .values({
          source_index: message.sourceIndex,
          conversation_id: conversationId,
          message_id: messageId,
          created_at: at,
        })
        .execute();
    }
    return { conversationId, messageId, at, created };
  });
}

/**
 * Seals and stores a message in a known conversation (a web applicant who came back
 * with their receipt code). A conversation marked spam still takes it, unseen by no one
 * but the team: the applicant is never told they were marked.
 * @throws ApiFailure `not_found`, `unavailable`, `invalid_request`, `payload_too_large`.
 */
export async function acceptFollowUp(
  deps: IntakeDeps,
  conversationId: string,
  body: Uint8Array,
): Promise<AcceptedMessage> {
  checkBody(body);
  const sealed = await sealForInbox(deps, body);
  const at = deps.clock().toISOString();
  const messageId = randomToken(16);
  return deps.storage.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('intake_conversation')
      .select('id')
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (!existing) throw new ApiFailure('not_found');
    await insertInbound(trx, conversationId, messageId, sealed, at);
    return { conversationId, messageId, at, created: false };
  });
}

async function insertInbound(
  trx: Storage['db'],
  conversationId: string,
  messageId: string,
  sealed: SealedInbound,
  at: string,
): Promise<void> {
  // The update first: it locks the conversation row, so concurrent messages get
  // consecutive sequence numbers on PostgreSQL too.
  const { message_count: seq } = await trx
    .updateTable('intake_conversation')
    .set((eb) => ({
      last_message_at: at,
      message_count: eb('message_count', '+', 1),
      // A closed conversation the applicant writes to again comes back to the inbox.
      status: sql<ConversationStatus>`case when status = 'closed' then 'open' else status end`,
    }))
    .where('id', '=', conversationId)
    .returning('message_count')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('intake_message')
    .values({
      id: messageId,
      conversation_id: conversationId,
      seq,
      direction: 'inbound',
      inbox_key_version: sealed.version,
      body: sealed.sealed,
      channel_body: null,
      author_id: null,
      created_at: at,
      delivered_at: null,
    })
    .execute();
  if (sealed.files.length > 0) {
    await trx
      .insertInto('intake_attachment')
      .values(
        sealed.files.map((file, position) => ({
          id: file.id,
          message_id: messageId,
          conversation_id: conversationId,
          position,
          sealed: file.sealed,
          bytes: file.bytes,
          created_at: at,
        })),
      )
      .execute();
  }
}

export interface OutboundMessage {
  readonly conversationId: string;
  readonly authorId: string;
  /** The inbox key version `inboxCopy` is sealed to. */
  readonly inboxKeyVersion: number;
  /** The reply sealed to the inbox key (base64 envelope), for the team's history. */
  readonly inboxCopy: string;
  /** The reply sealed to the conversation's `reply_public_key`, for the channel. */
  readonly channelCopy: string;
}

/**
 * Stores a staff reply, both copies sealed in the staff member's browser; the channel
 * delivers `channelCopy` (the web form when the applicant comes back; Telegram and
 * e-mail through `pendingOutbound`). The caller has checked hotline membership.
 * @throws ApiFailure `not_found`, `invalid_request` (no reply key, unknown key version).
 */
export async function recordOutbound(
  deps: IntakeDeps,
  message: OutboundMessage,
): Promise<{ messageId: string; at: string }> {
  const at = deps.clock().toISOString();
  const messageId = randomToken(16);
  await deps.storage.db.transaction().execute(async (trx) => {
    const conversation = await trx
      .selectFrom('intake_conversation')
      .select(['id', 'reply_public_key', 'channel'])
      .where('id', '=', message.conversationId)
      .executeTakeFirst();
    if (!conversation) throw new ApiFailure('not_found');
    if (!conversation.reply_public_key) throw new ApiFailure('invalid_request');
    const key = await trx
      .selectFrom('intake_inbox_key')
      .select('version')
      .where('version', '=', message.inboxKeyVersion)
      .executeTakeFirst();
    if (!key) throw new ApiFailure('invalid_request');
    const { message_count: seq } = await trx
      .updateTable('intake_conversation')
      .set((eb) => ({
        last_message_at: at,
        message_count: eb('message_count', '+', 1),
        status: sql<ConversationStatus>`case when status = 'new' then 'open' else status end`,
      }))
      .where('id', '=', message.conversationId)
      .returning('message_count')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('intake_message')
      .values({
        id: messageId,
        conversation_id: message.conversationId,
        seq,
        direction: 'outbound',
        inbox_key_version: message.inboxKeyVersion,
        body: message.inboxCopy,
        channel_body: message.channelCopy,
        author_id: message.authorId,
        created_at: at,
        // The web channel has nothing to push: the applicant fetches it with the code.
        delivered_at: conversation.channel === 'web' ? at : null,
      })
      .execute();
  });
  return { messageId, at };
}

/** Replies a channel still has to deliver, oldest first, with the routing index to send them by. */
export async function pendingOutbound(
  deps: IntakeDeps,
  channel: Exclude<Channel, 'web'>,
  limit = 50,
): Promise<{ messageId: string; routingIndex: string | null; channelCopy: string }[]> {
  const rows = await deps.storage.db
    .selectFrom('intake_message')
    .innerJoin('intake_conversation', 'intake_conversation.id', 'intake_message.conversation_id')
    .select([
      'intake_message.id',
      'intake_conversation.routing_index',
      'intake_message.channel_body',
    ])
    .where('intake_conversation.channel', '=', channel)
    .where('intake_message.direction', '=', 'outbound')
    .where('intake_message.delivered_at', 'is', null)
    .orderBy('intake_message.created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    messageId: r.id,
    routingIndex: r.routing_index,
    channelCopy: r.channel_body ?? '',
  }));
}

/**
 * Marks a reply delivered and drops its channel copy: once sent, the only copy left is
 * the team's, sealed to the inbox.
 */
export async function markDelivered(deps: IntakeDeps, messageId: string): Promise<void> {
  await deps.storage.db
    .updateTable('intake_message')
    .set({ delivered_at: deps.clock().toISOString(), channel_body: null })
    .where('id', '=', messageId)
    .where('direction', '=', 'outbound')
    .execute();
}

/**
 * The routing index of a channel identifier (a Telegram chat id, a normalised e-mail
 * address), keyed with the server's intake index key (`intakeIndexKey`): the server must
 * compute it on arrival, so the key cannot live with the team (docs/threat-model.md).
 */
export function routingIndexFor(
  key: BlindIndexKey,
  channel: Exclude<Channel, 'web'>,
  identifier: string,
): string {
  return blindIndex(key, `intake-${channel}`, identifier);
}

/**
 * The key of routing indexes: derived from the server's sealing key, so it lives in the
 * secrets file beside the database, never in it. A copy of the database alone cannot test
 * guesses of identifiers; a copy with the secrets file can (docs/threat-model.md).
 */
export function intakeIndexKey(secrets: ServerSecrets): BlindIndexKey {
  return asSymmetricKey('blind-index', deriveSubkey(secrets.sealingKey, 'intakeix'));
}
