import { CryptoError, utf8 } from '@corridor/crypto';
import { type EmailReplyCopy, emailHeaderOf, maxIntakeMessageBytes } from '@corridor/protocol';
import type { ConversationView } from './inbox.ts';

/**
 * What a reply's channel copy holds for its channel: the text itself (Telegram), or for
 * e-mail the address and subject read here, in the browser, from the applicant's latest
 * message (the server keeps no address it could read; docs/threat-model.md, "E-mail").
 * @throws CryptoError `invalid_key` for an e-mail conversation with no address to answer
 * @throws RangeError when the e-mail reply does not fit the intake limit
 */
export function channelPlaintext(view: ConversationView, text: string): Uint8Array {
  if (view.conversation.channel !== 'email') return utf8(text);
  let header: { to: string; subject: string } | undefined;
  for (const m of [...view.messages].reverse()) {
    if (m.direction === 'inbound' && m.text !== null) header = emailHeaderOf(m.text);
    if (header) break;
  }
  if (!header) throw new CryptoError('invalid_key', 'this e-mail has no address to answer');
  const subject = header.subject
    ? /^re:/i.test(header.subject)
      ? header.subject
      : `Re: ${header.subject}`
    : 'Re: your message';
  const copy: EmailReplyCopy = { v: 1, to: header.to, subject: subject.slice(0, 200), text };
  const bytes = utf8(JSON.stringify(copy));
  if (bytes.length > maxIntakeMessageBytes) {
    throw new RangeError(`an e-mail reply is at most about ${maxIntakeMessageBytes} bytes`);
  }
  return bytes;
}
