import { fromBase64, fromUtf8, openSealed } from '@corridor/crypto';
import { EmailReplyCopy } from '@corridor/protocol';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailConfig } from '../../config/email-config.ts';
import { serializeError } from '../../logging/logger.ts';
import { intakeIndexKey, markDelivered, pendingOutbound, routingIndexFor } from '../channel-api.ts';
import { emailReplyKeyPair } from './email-keys.ts';
import { normaliseAddress } from './email-message.ts';
import type { EmailDeps } from './email-poller.ts';

export function smtpTransport(config: EmailConfig): Transporter {
  const { smtp } = config;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth: { user: smtp.user, pass: smtp.password },
    logger: false,
    debug: false,
    connectionTimeout: 30_000,
    socketTimeout: 60_000,
  });
}

/** When a failed reply may be tried again: doubling from 30 s, at most an hour apart. */
export class RetrySchedule {
  readonly #next = new Map<string, { attempts: number; at: number }>();
  due(messageId: string, now: number): boolean {
    return (this.#next.get(messageId)?.at ?? 0) <= now;
  }
  failed(messageId: string, now: number, permanent = false): number {
    const attempts = (this.#next.get(messageId)?.attempts ?? 0) + 1;
    const wait = permanent ? 24 * 3600_000 : Math.min(30_000 * 2 ** (attempts - 1), 3600_000);
    this.#next.set(messageId, { attempts, at: now + wait });
    return attempts;
  }
  done(messageId: string): void {
    this.#next.delete(messageId);
  }
}

export interface DeliverResult {
  sent: number;
  failed: number;
}

/**
 * Sends the staff replies waiting for e-mail: each channel copy opened in memory with the
 * channel's key, its address checked against the conversation's routing index (so a
 * reply can only go to the address that wrote in), sent by SMTP, then marked delivered,
 * which drops the channel copy. A reply that fails stays pending and is retried on a
 * schedule. Sent but not yet marked (a crash in between) means it goes out twice: a
 * repeat reply is better than a lost one.
 */
export async function deliverReplies(
  config: EmailConfig,
  deps: EmailDeps,
  transport: Transporter,
  retries: RetrySchedule,
): Promise<DeliverResult> {
  const result: DeliverResult = { sent: 0, failed: 0 };
  const keys = emailReplyKeyPair(deps.secrets);
  const indexKey = intakeIndexKey(deps.secrets);
  const pending = await pendingOutbound(deps, 'email', 50);
  for (const reply of pending) {
    const now = deps.clock().getTime();
    if (!retries.due(reply.messageId, now)) continue;
    let copy: EmailReplyCopy;
    let to: string | null;
    try {
      copy = EmailReplyCopy.parse(
        JSON.parse(fromUtf8(openSealed(keys, fromBase64(reply.channelCopy)))),
      );
      to = normaliseAddress(copy.to);
    } catch {
      retries.failed(reply.messageId, now, true);
      result.failed += 1;
      deps.logger.warn(
        { messageId: reply.messageId },
        'e-mail: a reply does not open with the channel key; it cannot be sent',
      );
      continue;
    }
    if (!to || routingIndexFor(indexKey, 'email', to) !== reply.routingIndex) {
      retries.failed(reply.messageId, now, true);
      result.failed += 1;
      deps.logger.warn(
        { messageId: reply.messageId },
        "e-mail: a reply's address is not the conversation's; not sent",
      );
      continue;
    }
    try {
      await transport.sendMail({
        from: config.fromAddress,
        to,
        subject: copy.subject.replace(/[\r\n]+/g, ' ') || 'Re:',
        text: copy.text,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    } catch (error) {
      const attempts = retries.failed(reply.messageId, now);
      result.failed += 1;
      deps.logger.warn(
        { messageId: reply.messageId, attempts, err: serializeError(error) },
        'e-mail: sending a reply failed; will retry',
      );
      continue;
    }
    await markDelivered(deps, reply.messageId);
    retries.done(reply.messageId);
    result.sent += 1;
  }
  return result;
}
