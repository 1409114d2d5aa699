import { z } from 'zod';

/**
 * What a staff reply to an e-mail conversation seals for the channel (its `channelCopy`,
 * sealed in the browser to the e-mail channel's key): the address to send to, taken from
 * the applicant's first message (which only the hotline team can open), the subject and
 * the text. The server keeps no address of its own; the channel sends only when the
 * address's blind index is the conversation's (docs/threat-model.md, "E-mail").
 */
export const EmailReplyCopy = z.object({
  v: z.literal(1),
  to: z.string().min(3).max(254),
  subject: z.string().max(200),
  text: z.string().min(1),
});

export type EmailReplyCopy = z.infer<typeof EmailReplyCopy>;

/**
 * The applicant's address and subject from the header block the e-mail channel puts at
 * the top of each inbound message (`From: Name <address>`, `Subject: …`), or undefined.
 */
export function emailHeaderOf(text: string): { to: string; subject: string } | undefined {
  const lines = text.split('\n', 4);
  const from = lines[0]?.match(/^From: (?:.*<([^<>\s]+@[^<>\s]+)>|([^<>\s]+@[^<>\s]+))$/);
  const to = from?.[1] ?? from?.[2];
  if (!to) return undefined;
  const subject = lines.find((l) => l.startsWith('Subject: '))?.slice('Subject: '.length) ?? '';
  return { to, subject };
}
