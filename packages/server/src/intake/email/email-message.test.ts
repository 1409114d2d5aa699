import { utf8 } from '@corridor/crypto';
import { emailHeaderOf, maxIntakeMessageBytes } from '@corridor/protocol';
import { describe, expect, it } from 'vitest';
import { normaliseAddress, oversizedEmail, parseInboundEmail } from './email-message.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const none = { from: undefined, messageId: undefined };

describe('inbound e-mail', () => {
  it('normalises addresses and refuses what could inject a header or command', () => {
    expect(normaliseAddress(' Zalina@Example.ORG ')).toBe('zalina@example.org');
    for (const bad of ['a@b', 'a b@c.org', 'a@b.org\r\nBcc: x@y.org', '"q"@x.org', '', null]) {
      expect(normaliseAddress(bad)).toBeNull();
    }
  });

  it('puts a header block staff read, and the client core reads the reply address from', async () => {
    const email = await parseInboundEmail(
      Buffer.from(
        'From: Zalina <Zalina@Example.org>\r\nSubject: help\r\nMessage-ID: <m1@x>\r\n\r\nhi',
      ),
      none,
    );
    expect(email.from).toBe('zalina@example.org');
    expect(email.messageId).toBe('<m1@x>');
    expect(emailHeaderOf(text(email.body))).toEqual({ to: 'zalina@example.org', subject: 'help' });
  });

  it('cuts text at a character boundary to fit the intake limit, and says so', async () => {
    const email = await parseInboundEmail(
      Buffer.from(
        `From: a@example.org\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${'я'.repeat(9000)}`,
      ),
      none,
    );
    expect(email.body.length).toBeLessThanOrEqual(maxIntakeMessageBytes);
    expect(text(email.body)).toContain('was not kept');
    expect(text(email.body)).not.toContain('\uFFFD');
  });

  it('falls back to what the IMAP server saw when the MIME gives no sender', async () => {
    const email = await parseInboundEmail(Buffer.from('\u0000\u0001garbage'), {
      from: 'Sender@Example.org',
      messageId: '<m2@x>',
    });
    expect(email.from).toBe('sender@example.org');
    expect(utf8(text(email.body)).length).toBeGreaterThan(0);
  });

  it('keeps a notice for a message too large to download', () => {
    const email = oversizedEmail({
      from: 'big@example.org',
      name: 'Big',
      subject: 'photos',
      messageId: undefined,
      size: 40 * 1024 * 1024,
      limit: 25 * 1024 * 1024,
    });
    expect(text(email.body)).toContain('40.0 MiB, over the 25.0 MiB');
    expect(text(email.body).split('\n')[0]).toBe('From: Big <big@example.org>');
  });
});
