// A real mail server for the e-mail channel's tests: Debian's Dovecot (IMAP for the
// hotline's and the applicant's mailboxes, LMTP to deliver into them), started from a
// configuration in a temporary directory, touching nothing of the system's. SMTP is an
// in-process smtp-server (npm) that checks the login and hands every message to
// Dovecot's LMTP, so a reply really lands in the applicant's mailbox. Postfix cannot run
// from a temporary directory: `postfix -c DIR` insists that DIR be listed in the system's
// /etc/postfix/main.cf (docs/decisions/0034-email-test-mail-server.md).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { freePort } from './free-port.ts';

/**
 * Runs a Dovecot command to its end. Not execFile: the daemon it starts would keep the
 * output pipes open, and the call would never return.
 */
function run(binary: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${binary} ${args.join(' ')} exited ${code}`)),
    );
  });
}
export const dovecotBinary = '/usr/sbin/dovecot';

export interface MailAccount {
  readonly address: string;
  readonly password: string;
}

export interface TestMailServer {
  readonly host: string;
  readonly imapPort: number;
  readonly smtpPort: number;
  readonly hotline: MailAccount;
  readonly applicant: MailAccount;
  /** Another sender, with no mailbox here (its replies are dropped by LMTP's refusal). */
  readonly dir: string;
  /** Delivers a raw message (as a person's mail server would) into `to`'s INBOX. */
  deliver(to: string, raw: string | Buffer, from?: string): Promise<void>;
  /** The raw sources of the messages in an account's INBOX. */
  messages(account: MailAccount): Promise<Buffer[]>;
  /** Makes SMTP refuse the next `count` messages with a temporary error (451). */
  failNextSmtp(count: number): void;
  stop(): Promise<void>;
}

/**
 * Why the e-mail tests cannot run here, or undefined when they can. In CI (CI=true) a
 * missing Dovecot is a failure, not a skip: .ci/run installs it.
 */
export function mailServerMissing(): string | undefined {
  if (existsSync(dovecotBinary)) return undefined;
  const why = `Dovecot is not installed (${dovecotBinary}): apt-get install -y dovecot-imapd dovecot-lmtpd`;
  if (process.env.CI) throw new Error(`${why} — .ci/run must install it`);
  return why;
}

export async function startMailServer(): Promise<TestMailServer> {
  const dir = await mkdtemp('/tmp/corridor-mail-');
  const root = process.getuid?.() === 0;
  const me = userInfo().username;
  // As root, Dovecot drops to its own users; the mail must be theirs to write.
  const mailUser = root ? 'dovecot' : me;
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'run'));
  await mkdir(join(dir, 'state'));
  await mkdir(join(dir, 'mail'));
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'dovecot']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'dovecot']).toString().trim());
    await chown(join(dir, 'mail'), uid, gid);
  }
  const hotline = { address: 'hotline@corridor.test', password: 'hotline-password' };
  const applicant = { address: 'applicant@elsewhere.test', password: 'applicant-password' };
  await writeFile(
    join(dir, 'passwd'),
    [hotline, applicant].map((a) => `${a.address}:{PLAIN}${a.password}\n`).join(''),
  );
  const imapPort = await freePort();
  const lmtpPort = await freePort();
  const config = join(dir, 'dovecot.conf');
  await writeFile(
    config,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${root ? 'dovecot' : me}
default_login_user = ${root ? 'dovenull' : me}
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUser} gid=${root ? 'dovecot' : mailUser} home=${dir}/mail/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${lmtpPort}
  }
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`,
  );
  await run(dovecotBinary, ['-c', config]);

  const lmtp = nodemailer.createTransport({ lmtp: true, host: '127.0.0.1', port: lmtpPort });
  const deliver = async (to: string, raw: string | Buffer, from = applicant.address) => {
    await lmtp.sendMail({ envelope: { from, to: [to] }, raw });
  };

  let failures = 0;
  const smtp = new SMTPServer({
    secure: false,
    authOptional: false,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === hotline.address && auth.password === hotline.password) {
        done(null, { user: auth.username });
      } else {
        done(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          done(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address);
        Promise.all(to.map((rcpt) => deliver(rcpt, raw, hotline.address))).then(
          () => done(),
          (error: Error) => done(error),
        );
      });
    },
  });
  const smtpPort = await freePort();
  await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));

  return {
    host: '127.0.0.1',
    imapPort,
    smtpPort,
    hotline,
    applicant,
    dir,
    deliver,
    failNextSmtp(count) {
      failures = count;
    },
    async messages(account) {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port: imapPort,
        secure: false,
        doSTARTTLS: false,
        auth: { user: account.address, pass: account.password },
        logger: false,
      });
      await client.connect();
      try {
        const lock = await client.getMailboxLock('INBOX');
        try {
          const found: Buffer[] = [];
          for await (const m of client.fetch('1:*', { source: true })) {
            if (m.source) found.push(m.source);
          }
          return found;
        } catch {
          return [];
        } finally {
          lock.release();
        }
      } finally {
        await client.logout();
      }
    },
    async stop() {
      lmtp.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await run(dovecotBinary, ['-c', config, 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
