// The partner's notice goes out by SMTP and says only that a referral waits: no name,
// no case, no link (the link is in the package).
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test-support/free-port.ts';
import { createLogger } from '../logging/logger.ts';
import { referralNoticeText, smtpReferralNotifier } from './referral-notice.ts';

describe('referral notice', () => {
  const received: { to: string[]; raw: string }[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, done) {
        if (auth.username === 'corridor' && auth.password === 'secret') done(null, { user: 'x' });
        else done(new Error('Invalid username or password'));
      },
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          done();
        });
      },
    });
    port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('tells the partner a referral waits, and nothing else', async () => {
    const smtp = {
      host: '127.0.0.1',
      port,
      security: 'none' as const,
      user: 'corridor',
      password: 'secret',
    };
    const notify = smtpReferralNotifier(
      {
        imap: smtp,
        smtp,
        mailbox: 'INBOX',
        fromAddress: 'hotline@network.example',
        pollSeconds: 60,
        maxMessageBytes: 1_000_000,
      },
      createLogger('silent'),
    );
    await notify('intake@haven.example', 'Haven Berlin');
    expect(received).toHaveLength(1);
    expect(received[0]?.to).toEqual(['intake@haven.example']);
    expect(received[0]?.raw).toContain('a referral from Corridor is waiting');
    expect(referralNoticeText('Evil\r\nBcc: x')).not.toMatch(/\r\nBcc/);
  });

  it('logs a failure without the address and does not throw', async () => {
    const smtp = {
      host: '127.0.0.1',
      port,
      security: 'none' as const,
      user: 'corridor',
      password: 'wrong',
    };
    const notify = smtpReferralNotifier(
      {
        imap: smtp,
        smtp,
        mailbox: 'INBOX',
        fromAddress: 'h@n.example',
        pollSeconds: 60,
        maxMessageBytes: 1,
      },
      createLogger('silent'),
    );
    await expect(notify('intake@haven.example', 'Haven')).resolves.toBeUndefined();
  });
});
