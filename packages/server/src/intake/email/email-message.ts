import { fromUtf8, utf8 } from '@corridor/crypto';
import {
  maxIntakeFileBytes,
  maxIntakeFilesPerMessage,
  maxIntakeMessageBytes,
} from '@corridor/protocol';
import { type AddressObject, type Attachment, simpleParser } from 'mailparser';
import type { IncomingFile } from '../attachments/intake-files.ts';

/**
 * What the e-mail channel seals for one message: a short header block staff read (who
 * wrote, the subject, when), the text, and a line for each attachment that was not kept.
 * The sender's address lives only in here, sealed to the inbox: the database holds its
 * keyed blind index (routing) and nothing else (docs/threat-model.md, "E-mail").
 */
export interface InboundEmail {
  /** Normalised (lower-case) sender address, or null when there is no usable one. */
  readonly from: string | null;
  /** The Message-ID header, if any: what a redelivery is recognised by. */
  readonly messageId: string | null;
  /** UTF-8, at most `maxIntakeMessageBytes`. */
  readonly body: Uint8Array;
  /** Attachments to keep (encrypted on arrival); those not kept are notices in `body`. */
  readonly files: readonly IncomingFile[];
}

/** Which attachments are kept: none (notices only), or up to a count and a size each. */
export interface FilePolicy {
  readonly keep: boolean;
  readonly maxFileBytes?: number;
  readonly maxFiles?: number;
}

// RFC 5321 §4.1.2 local part (dot-atom) and domain, narrowed: no quoted local parts, no
// address literals. An address that does not match gets no replies rather than a guess,
// and nothing CR/LF-shaped can reach an SMTP command or a header (header injection).
const addressPattern =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Lower-case and checked, the form routing indexes are computed on; null when unusable. */
export function normaliseAddress(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const address = raw.trim().toLowerCase();
  return address.length <= 254 && addressPattern.test(address) ? address : null;
}

/** The first line of a header value, without control characters, at most `max` characters. */
function oneLine(value: string | undefined, max = 200): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to remove them.
  return [...(value ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim()]
    .slice(0, max)
    .join('');
}

/** Text as staff can read it: line ends unified, control characters (NUL and the like) gone. */
function cleanText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to remove them.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/\uFFFD{3,}/g, '\uFFFD')
      .trim()
  );
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;
}

/** Cuts `text` to at most `budget` bytes of UTF-8 without splitting a character. */
function fitUtf8(text: string, budget: number): { text: string; cut: boolean } {
  const bytes = utf8(text);
  if (bytes.length <= budget) return { text, cut: false };
  let end = Math.max(0, budget);
  // Back up to the start of a character: continuation bytes are 10xxxxxx.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return { text: fromUtf8(bytes.subarray(0, end)), cut: true };
}

/**
 * Builds the sealed body: header lines and notices always whole, the text cut to what
 * is left of the intake limit, and a note saying so when it was.
 */
export function composeBody(parts: {
  readonly fromLine: string;
  readonly subject: string;
  readonly date: string | null;
  readonly text: string;
  readonly notices: readonly string[];
}): Uint8Array {
  const head = [
    `From: ${parts.fromLine || '(no sender address)'}`,
    ...(parts.subject ? [`Subject: ${parts.subject}`] : []),
    ...(parts.date ? [`Date: ${parts.date}`] : []),
    '',
  ].join('\n');
  const tail = parts.notices.length > 0 ? `\n\n${parts.notices.join('\n')}` : '';
  const cutNote =
    '\n\n[The rest of this e-mail was longer than the hotline keeps and was not kept.]';
  const fixed = utf8(`${head}\n${tail}`).length;
  let { text, cut } = fitUtf8(parts.text, maxIntakeMessageBytes - fixed);
  if (cut) {
    text = fitUtf8(text, maxIntakeMessageBytes - fixed - utf8(cutNote).length).text + cutNote;
  }
  const body = utf8(`${head}\n${text || '(no text)'}${tail}`);
  // Header lines are bounded (200 characters each), so this holds; a guard, not a path.
  return body.length <= maxIntakeMessageBytes ? body : body.subarray(0, 0);
}

function firstAddress(from: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(from) ? from : from ? [from] : [];
  for (const group of list) {
    for (const entry of group.value) {
      const address = entry.address ?? entry.group?.[0]?.address;
      if (address) return { address, name: entry.name ?? '' };
    }
  }
  return undefined;
}

/** Splits attachments into files kept and notices for the rest (too large, too many). */
function sortAttachments(
  attachments: readonly Attachment[],
  policy: FilePolicy,
): { files: IncomingFile[]; notices: string[] } {
  const maxBytes = policy.maxFileBytes ?? maxIntakeFileBytes;
  const maxFiles = policy.maxFiles ?? maxIntakeFilesPerMessage;
  const files: IncomingFile[] = [];
  const notices: string[] = [];
  for (const a of attachments) {
    const size = a.content?.length ?? a.size;
    const described = `${oneLine(a.filename, 80) || 'no name'} (${oneLine(a.contentType, 60)}, ${kib(size)})`;
    if (!policy.keep) {
      notices.push(
        `[Attachment not kept: ${described}. Ask the sender to describe it, or to use the web form or another safe way.]`,
      );
    } else if (size > maxBytes) {
      notices.push(
        `[Attachment not kept: ${described}, over the ${kib(maxBytes)} the hotline keeps per file. Ask the sender for a smaller copy, or another safe way.]`,
      );
    } else if (files.length >= maxFiles) {
      notices.push(
        `[Attachment not kept: ${described}; the hotline keeps ${maxFiles} files per message. Ask the sender to send the rest separately.]`,
      );
    } else {
      files.push({ name: a.filename, type: a.contentType, content: a.content });
    }
  }
  return { files, notices };
}

function fromLineOf(address: string | null, name: string): string {
  const shown = oneLine(name, 100).replace(/[<>"]/g, '');
  if (!address) return shown;
  return shown ? `${shown} <${address}>` : address;
}

/**
 * Parses a whole message (RFC 5322 / MIME) into what is sealed. Lenient like a mail
 * reader: unknown charsets, broken encodings and binary parts give replacement
 * characters or an attachment notice, never an exception past this function.
 * @param fallback what the IMAP server's envelope said, used when the MIME is unreadable
 */
export async function parseInboundEmail(
  source: Buffer,
  fallback: { readonly from: string | undefined; readonly messageId: string | undefined },
  policy: FilePolicy = { keep: false },
): Promise<InboundEmail> {
  try {
    const mail = await simpleParser(source, {
      skipHtmlToText: false,
      skipTextToHtml: true,
      skipImageLinks: true,
      maxHtmlLengthToParse: 1024 * 1024,
    });
    const sender = firstAddress(mail.from);
    const from = normaliseAddress(sender?.address) ?? normaliseAddress(fallback.from);
    const { files, notices } = sortAttachments(mail.attachments, policy);
    const text = cleanText(mail.text ?? (typeof mail.html === 'string' ? '' : ''));
    return {
      from,
      messageId: oneLine(mail.messageId, 250) || oneLine(fallback.messageId, 250) || null,
      body: composeBody({
        fromLine: fromLineOf(from, sender?.name ?? ''),
        subject: oneLine(mail.subject),
        date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
        text,
        notices,
      }),
      files,
    };
  } catch {
    return unreadableEmail(source, fallback);
  }
}

/** A message the parser gave up on: kept as a notice with the readable part of its source. */
function unreadableEmail(
  source: Buffer,
  fallback: { readonly from: string | undefined; readonly messageId: string | undefined },
): InboundEmail {
  const from = normaliseAddress(fallback.from);
  return {
    from,
    messageId: oneLine(fallback.messageId, 250) || null,
    body: composeBody({
      fromLine: fromLineOf(from, ''),
      subject: '',
      date: null,
      text: cleanText(source.toString('latin1')),
      notices: ['[This e-mail could not be read as MIME; its raw text is shown above as it came.]'],
    }),
    files: [],
  };
}

/** A message too large to download: kept as a notice, so staff can still answer. */
export function oversizedEmail(envelope: {
  readonly from: string | undefined;
  readonly name: string | undefined;
  readonly subject: string | undefined;
  readonly messageId: string | undefined;
  readonly size: number;
  readonly limit: number;
}): InboundEmail {
  const from = normaliseAddress(envelope.from);
  return {
    from,
    messageId: oneLine(envelope.messageId, 250) || null,
    body: composeBody({
      fromLine: fromLineOf(from, envelope.name ?? ''),
      subject: oneLine(envelope.subject),
      date: null,
      text: '',
      notices: [
        `[This e-mail was ${kib(envelope.size)}, over the ${kib(envelope.limit)} the hotline takes: it was not downloaded, and it is deleted from the mailbox. Ask the sender to write again without large attachments.]`,
      ],
    }),
    files: [],
  };
}
