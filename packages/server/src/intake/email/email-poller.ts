import { ImapFlow } from 'imapflow';
import type { EmailConfig } from '../../config/email-config.ts';
import { ApiFailure } from '../../http/error-handling.ts';
import { type Logger, serializeError } from '../../logging/logger.ts';
import type { ServerSecrets } from '../../secrets/server-secrets.ts';
import type { IntakeFileStore } from '../attachments/intake-file-store.ts';
import { dropFiles, type KeptFile, keepFile } from '../attachments/intake-files.ts';
import { acceptInbound, type IntakeDeps, intakeIndexKey, routingIndexFor } from '../channel-api.ts';
import { flagSuspectedContact } from '../suspected-contacts.ts';
import { emailReplyPublicKey, emailSourceIndex } from './email-keys.ts';
import { type InboundEmail, oversizedEmail, parseInboundEmail } from './email-message.ts';

export interface EmailDeps extends IntakeDeps {
  readonly secrets: ServerSecrets;
  readonly logger: Logger;
  /** Tests: runs after a message is stored and before it is deleted (a crash there). */
  readonly beforeDelete?: () => void;
  /**
   * Where attachments are kept, encrypted on arrival. Without it (or with
   * `maxFileBytes` 0) attachments are notices in the sealed body, as before.
   */
  readonly files?: IntakeFileStore;
  /** The largest attachment kept, in bytes; default `maxIntakeFileBytes` (10 MiB). */
  readonly maxFileBytes?: number;
}

export interface PollResult {
  /** Sealed and stored, then deleted from the mailbox. */
  imported: number;
  /** Already stored before (a crash between sealing and deleting): only deleted now. */
  duplicates: number;
  /** Left in the mailbox for the next poll. */
  left: number;
}

/** Messages handled per poll, so one poll never holds the mailbox for long. */
const batch = 50;

export function imapClient(config: EmailConfig): ImapFlow {
  const { imap } = config;
  return new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: imap.security === 'tls',
    doSTARTTLS: imap.security === 'starttls' ? true : imap.security === 'none' ? false : undefined,
    auth: { user: imap.user, pass: imap.password },
    // Its own logger would write addresses and subjects: nothing of it reaches ours.
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    socketTimeout: 120_000,
  });
}

/**
 * One pass over the hotline mailbox: each message is parsed in memory, sealed and stored
 * (`acceptInbound`, durable once it resolves), its conversation flagged when the sender
 * is a suspected infiltrator, and only then deleted from the mailbox. A crash anywhere
 * before the delete leaves the message where it was; the next pass finds it again and
 * `sourceIndex` keeps it from being stored twice.
 */
export async function pollMailbox(config: EmailConfig, deps: EmailDeps): Promise<PollResult> {
  const result: PollResult = { imported: 0, duplicates: 0, left: 0 };
  const client = imapClient(config);
  // A dropped connection is an 'error' event besides the rejected call; without a
  // listener it would end the process.
  client.on('error', () => {});
  await client.connect();
  try {
    const lock = await client.getMailboxLock(config.mailbox);
    try {
      const mailbox = client.mailbox;
      const uidValidity = mailbox ? String(mailbox.uidValidity) : '0';
      const uids = (await client.search({ all: true }, { uid: true })) || [];
      result.left = Math.max(0, uids.length - batch);
      for (const uid of uids.slice(0, batch)) {
        const outcome = await importOne(client, config, deps, uid, uidValidity);
        if (outcome === 'stop') {
          result.left += 1;
          break;
        }
        if (outcome === 'left') result.left += 1;
        else result[outcome] += 1;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}

async function importOne(
  client: ImapFlow,
  config: EmailConfig,
  deps: EmailDeps,
  uid: number,
  uidValidity: string,
): Promise<'imported' | 'duplicates' | 'left' | 'stop'> {
  let email: InboundEmail;
  try {
    const meta = await client.fetchOne(
      String(uid),
      { uid: true, size: true, envelope: true },
      { uid: true },
    );
    if (!meta) return 'left';
    const sender = meta.envelope?.from?.[0];
    const fallback = { from: sender?.address, messageId: meta.envelope?.messageId };
    if ((meta.size ?? 0) > config.maxMessageBytes) {
      email = oversizedEmail({
        ...fallback,
        name: sender?.name,
        subject: meta.envelope?.subject,
        size: meta.size ?? 0,
        limit: config.maxMessageBytes,
      });
    } else {
      const full = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      const source = full ? full.source : undefined;
      if (!source) return 'left';
      email = await parseInboundEmail(source, fallback, {
        keep: deps.files !== undefined && deps.maxFileBytes !== 0,
        ...(deps.maxFileBytes ? { maxFileBytes: deps.maxFileBytes } : {}),
      });
    }
  } catch (error) {
    deps.logger.warn({ err: serializeError(error) }, 'e-mail: could not fetch a message');
    return 'left';
  }

  const indexKey = intakeIndexKey(deps.secrets);
  let conversationId: string;
  let duplicate = false;
  const kept: KeptFile[] = [];
  let committed = false;
  try {
    for (const [i, file] of email.files.entries()) {
      // `files` is set whenever email.files is not empty (parseInboundEmail's policy).
      if (deps.files) kept.push(await keepFile(deps.files, file, `attachment-${i + 1}`));
    }
    const accepted = await acceptInbound(deps, {
      channel: 'email',
      routingIndex: email.from ? routingIndexFor(indexKey, 'email', email.from) : null,
      body: email.body,
      // Without an address to answer, the conversation takes no replies.
      replyPublicKey: email.from ? emailReplyPublicKey(deps.secrets) : null,
      sourceIndex: emailSourceIndex(indexKey, email.from, email.messageId, `${uidValidity}:${uid}`),
      attachments: kept,
    });
    conversationId = accepted.conversationId;
    duplicate = accepted.duplicate === true;
    committed = !duplicate;
    // Stored before: the copies just made are not needed.
    if (duplicate && deps.files) await dropFiles(deps.files, kept);
    await flagSuspectedContact(deps, conversationId);
  } catch (error) {
    // Files of a message not stored go; those of a stored one are its files now.
    if (deps.files && !committed) await dropFiles(deps.files, kept).catch(() => {});
    if (error instanceof ApiFailure && error.code === 'unavailable') {
      deps.logger.warn('e-mail: the hotline has no inbox key yet; messages wait in the mailbox');
      return 'stop';
    }
    deps.logger.error({ err: serializeError(error) }, 'e-mail: could not store a message');
    return 'left';
  }

  try {
    deps.beforeDelete?.();
    await client.messageDelete(String(uid), { uid: true });
  } catch (error) {
    // Stored already: the next pass deletes it as a duplicate.
    deps.logger.warn({ err: serializeError(error) }, 'e-mail: stored but not yet deleted');
    return 'left';
  }
  return duplicate ? 'duplicates' : 'imported';
}
