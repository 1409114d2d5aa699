import { readFileSync } from 'node:fs';

/** How a mail connection is protected: TLS from the start, STARTTLS, or none (loopback only). */
export type MailSecurity = 'tls' | 'starttls' | 'none';

export interface MailServerConfig {
  readonly host: string;
  readonly port: number;
  readonly security: MailSecurity;
  readonly user: string;
  readonly password: string;
}

/** The e-mail channel (docs/operator-guide.md, "E-mail"); absent when not configured. */
export interface EmailConfig {
  readonly imap: MailServerConfig;
  readonly smtp: MailServerConfig;
  /** The mailbox the hotline's mail arrives in. */
  readonly mailbox: string;
  /** The hotline's own address, the From of replies. */
  readonly fromAddress: string;
  readonly pollSeconds: number;
  /** A message larger than this (the whole MIME source) is not downloaded; a notice is kept. */
  readonly maxMessageBytes: number;
}

const defaults = { imap: { tls: 993, starttls: 143 }, smtp: { tls: 465, starttls: 587 } };
const loopback = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Reads `CORRIDOR_IMAP_*`, `CORRIDOR_SMTP_*` and `CORRIDOR_EMAIL_*`. Unset
 * `CORRIDOR_IMAP_HOST`: the channel is off (undefined). Otherwise every required setting
 * must be there; the problems found are returned, each naming its variable.
 */
export function readEmailConfig(env: NodeJS.ProcessEnv): {
  email: EmailConfig | undefined;
  problems: string[];
} {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  if (!value('CORRIDOR_IMAP_HOST')) {
    const stray = Object.keys(env).filter(
      (k) => /^CORRIDOR_(IMAP|SMTP|EMAIL)_/.test(k) && value(k) !== undefined,
    );
    if (stray.length > 0) {
      problems.push(
        `${stray.sort().join(', ')} set but CORRIDOR_IMAP_HOST is not: set it to turn the e-mail channel on, or unset them`,
      );
    }
    return { email: undefined, problems };
  }
  const secret = (name: string): string => {
    const direct = value(name);
    const file = value(`${name}_FILE`);
    if (direct !== undefined && file !== undefined) {
      problems.push(`set ${name} or ${name}_FILE, not both`);
      return '';
    }
    if (file !== undefined) {
      try {
        return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      } catch {
        problems.push(`${name}_FILE: cannot read ${file}`);
        return '';
      }
    }
    if (direct === undefined) problems.push(`${name} (or ${name}_FILE) is required`);
    return direct ?? '';
  };
  const server = (kind: 'imap' | 'smtp'): MailServerConfig => {
    const prefix = `CORRIDOR_${kind.toUpperCase()}`;
    const host = value(`${prefix}_HOST`);
    if (!host) problems.push(`${prefix}_HOST is required when CORRIDOR_IMAP_HOST is set`);
    const security = (value(`${prefix}_SECURITY`) ?? 'tls') as MailSecurity;
    if (!['tls', 'starttls', 'none'].includes(security)) {
      problems.push(`${prefix}_SECURITY must be tls, starttls or none, not "${security}"`);
    } else if (security === 'none' && host && !loopback.has(host)) {
      problems.push(
        `${prefix}_SECURITY=none sends the password and every message in the clear: only for a server on this machine (localhost)`,
      );
    }
    const portText = value(`${prefix}_PORT`);
    const port =
      portText === undefined
        ? defaults[kind][security === 'tls' ? 'tls' : 'starttls']
        : Number(portText);
    if (portText !== undefined && (!/^\d+$/.test(portText) || port < 1 || port > 65535)) {
      problems.push(`${prefix}_PORT must be a port number from 1 to 65535, not "${portText}"`);
    }
    const user = value(`${prefix}_USER`);
    if (!user) problems.push(`${prefix}_USER is required`);
    return {
      host: host ?? '',
      port,
      security,
      user: user ?? '',
      password: secret(`${prefix}_PASSWORD`),
    };
  };
  const imap = server('imap');
  const smtp = server('smtp');
  const fromAddress = value('CORRIDOR_EMAIL_FROM') ?? imap.user;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(fromAddress)) {
    problems.push(
      `CORRIDOR_EMAIL_FROM must be the hotline's address, such as help@example.org, not "${fromAddress}"`,
    );
  }
  const whole = (name: string, fallback: number, min: number, max: number) => {
    const text = value(name);
    const n = text === undefined ? fallback : Number(text);
    if (text !== undefined && (!/^\d+$/.test(text) || n < min || n > max)) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
    }
    return n;
  };
  const pollSeconds = whole('CORRIDOR_EMAIL_POLL_SECONDS', 30, 1, 3600);
  const maxMessageBytes = whole('CORRIDOR_EMAIL_MAX_MESSAGE_MB', 25, 1, 200) * 1024 * 1024;
  return {
    email: {
      imap,
      smtp,
      mailbox: value('CORRIDOR_IMAP_MAILBOX') ?? 'INBOX',
      fromAddress,
      pollSeconds,
      maxMessageBytes,
    },
    problems,
  };
}
